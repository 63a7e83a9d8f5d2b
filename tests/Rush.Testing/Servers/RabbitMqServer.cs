using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Rush.Testing.Servers;

/// <summary>
/// A real RabbitMQ 3.10 node (stream plugin on) on 127.0.0.1 with its own node name, ports, Erlang cookie,
/// HOME, config and data folder, so it never collides with another node on the machine. Its only account is
/// <see cref="UserName"/> with a generated password (the node boots with it instead of guest).
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    /// <summary>The broker account the host connects with: full rights on vhost "/", no management tags.</summary>
    public const string UserName = "rush";

    private const string User = "rabbitmq";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly string _root;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly int _distPort;
    private ServerProcess? _process;
    private int _beamPid;

    private RabbitMqServer(string root)
    {
        _root = root;
        Port = Ports.FreeTcpPort();
        StreamPort = Ports.FreeTcpPort();
        _distPort = Ports.FreeTcpPort();
        NodeName = $"rush-test-{TestDirectory.RandomSuffix()}@localhost";
        Password = RandomNumberGenerator.GetHexString(32, lowercase: true);
    }

    /// <summary>The password of <see cref="UserName"/>, random per node; hex, so it needs no escaping in a URI.</summary>
    public string Password { get; }

    /// <summary>AMQP 0-9-1 port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>RabbitMQ stream protocol port on 127.0.0.1.</summary>
    public int StreamPort { get; }

    /// <summary>Erlang node name (for rabbitmqctl -n).</summary>
    public string NodeName { get; }

    /// <summary>AMQP URI with the node's account ("amqp://rush:PASSWORD@127.0.0.1:PORT/").</summary>
    public string AmqpUri => string.Create(CultureInfo.InvariantCulture, $"amqp://{UserName}:{Password}@127.0.0.1:{Port}/");

    /// <summary>Folder holding mnesia/, log/, the config and the node's HOME.</summary>
    public string RootDirectory => _root;

    /// <summary>True while the node process we started is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private string HomeDirectory => Path.Combine(_root, "home");

    private string LogDirectory => Path.Combine(_root, "log");

    private string PidFile => Path.Combine(_root, "rabbitmq.pid");

    /// <summary>Starts a node on free ports and waits until <c>rabbitmqctl await_startup</c> succeeds.</summary>
    public static async Task<RabbitMqServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RabbitMqServer(TestDirectory.Create("rabbitmq"));
            try
            {
                await server.PrepareFolderAsync(cancellationToken).ConfigureAwait(false);
                await server.StartAgainAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException e) when (attempt < 3 && LogFiles.LooksLikePortClash(e.Message))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Starts the node again with the same name, ports and data (after a stop or a kill); no-op while it runs.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process?.Dispose();
            _beamPid = 0;
            _process = ServerProcess.Start(
                new CommandLine(ServerBinaries.RabbitMq("rabbitmq-server")).AsUser(User),
                _root,
                Environment());
            try
            {
                await WaitUntilReadyAsync(_process, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"RabbitMQ node {NodeName} (AMQP {Port}) did not start: {e.Message}{System.Environment.NewLine}" +
                    $"--- output ---{System.Environment.NewLine}{_process.OutputTail()}{System.Environment.NewLine}" +
                    $"--- logs ---{System.Environment.NewLine}{LogFiles.TailAll(LogDirectory)}", e);
            }
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary><c>rabbitmqctl shutdown</c> (waits for the VM to exit), then SIGKILL of whatever is left.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is null || _process.HasExited)
            {
                KillBeam();
                return;
            }

            try
            {
                _ = await Ctl(TimeSpan.FromSeconds(60), cancellationToken, "shutdown").ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // SIGKILL below.
            }

            if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false))
            {
                await _process.KillAsync(cancellationToken).ConfigureAwait(false);
            }

            KillBeam();
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary>kill -9 of the Erlang VM (and its wrapper), as a crash would.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            KillBeam();
            if (_process is not null)
            {
                await _process.KillAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary>Stops the node and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _process?.Dispose();
            _lifecycle.Dispose();
            TestDirectory.DeleteQuietly(_root);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"rabbitmq {NodeName} 127.0.0.1:{Port} ({_root})";

    private async Task PrepareFolderAsync(CancellationToken cancellationToken)
    {
        _ = Directory.CreateDirectory(HomeDirectory);
        _ = Directory.CreateDirectory(LogDirectory);
        _ = Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        var cookie = Path.Combine(HomeDirectory, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[rabbitmq_stream].\n", cancellationToken).ConfigureAwait(false);
        // default_user/default_pass replace guest when the node boots on an empty database (the first start).
        var config = Path.Combine(_root, "rabbitmq.conf");
        await TestDirectory.WriteSecretFileAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            stream.listeners.tcp.1 = 127.0.0.1:{StreamPort}
            log.file.level = info
            log.console = true
            log.console.level = warning
            default_vhost = /
            default_user = {UserName}
            default_pass = {Password}
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*

            """), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_root, "rabbitmq-env.conf"), "# intentionally empty: ignore /etc/rabbitmq/rabbitmq-env.conf\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_root, "advanced.config"), "[].\n", cancellationToken).ConfigureAwait(false);
        await TestDirectory.ChownAsync(_root, User, cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["HOME"] = HomeDirectory,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = LogDirectory,
        ["RABBITMQ_PID_FILE"] = PidFile,
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_root, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_root, "rabbitmq-env.conf"),
        // Stream port (also in rabbitmq.conf, bound to loopback there) and Erlang distribution on loopback only.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = string.Create(CultureInfo.InvariantCulture,
            $"-rabbitmq_stream tcp_listeners [{{\"127.0.0.1\",{StreamPort}}}] -kernel inet_dist_use_interface {{127,0,0,1}}"),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
    };

    private async Task WaitUntilReadyAsync(ServerProcess process, CancellationToken cancellationToken)
    {
        // Cheap check first (the AMQP listener opens near the end of boot), then the authoritative
        // rabbitmqctl await_startup, retried within the same deadline (a CLI run can fail transiently,
        // e.g. when several nodes boot at once).
        string? lastCtlOutput = null;
        try
        {
            await Poll.UntilAsync(async ct =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("rabbitmq-server exited during boot.");
                }

                if (!await AcceptsTcpAsync(Port, ct).ConfigureAwait(false))
                {
                    return false;
                }

                var ready = await Ctl(TimeSpan.FromSeconds(60), ct, "await_startup", "--timeout", "45").ConfigureAwait(false);
                lastCtlOutput = ready.Output;
                return ready.ExitCode == 0;
            }, ReadyTimeout, $"RabbitMQ node {NodeName} to accept AMQP on {Port} and pass rabbitmqctl await_startup", cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (lastCtlOutput is not null)
        {
            throw new TimeoutException($"{e.Message} Last rabbitmqctl output: {lastCtlOutput}", e);
        }

        _beamPid = ReadBeamPid();
        if (_beamPid != 0)
        {
            OwnedProcesses.Register(_beamPid);
        }
    }

    private Task<ProcessResult> Ctl(TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRunner.RunAsync(
            new CommandLine(ServerBinaries.RabbitMq("rabbitmqctl"), ["-n", NodeName, .. arguments]).AsUser(User),
            timeout, cancellationToken, _root, Environment());

    private void KillBeam()
    {
        var pid = _beamPid != 0 ? _beamPid : ReadBeamPid();
        if (pid != 0 && ProcessRunner.IsAlive(pid))
        {
            _ = ProcessRunner.KillPidQuietly(pid);
        }

        if (pid != 0)
        {
            OwnedProcesses.Unregister(pid);
        }
    }

    private int ReadBeamPid()
    {
        try
        {
            var text = File.ReadAllText(PidFile).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static async Task<bool> AcceptsTcpAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
