using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Rush.Testing.Servers;

/// <summary>
/// A real redis-server 7 child process on 127.0.0.1 with deploy/redis/redis.conf (AOF everysec + RDB,
/// maxmemory with noeviction) and a generated password, which tests can kill and start again.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The fixture's <c>maxmemory</c>: far below ./rush up's 1gb, far above what a test writes.</summary>
    public const string DefaultMaxMemory = "256mb";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;
    private readonly string _maxMemory;
    private readonly RedisServer? _replicaOf;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _process;

    private RedisServer(string root, int port, string maxMemory, RedisServer? replicaOf)
    {
        _root = root;
        Port = port;
        _maxMemory = maxMemory;
        _replicaOf = replicaOf;

        // A replica shares its master's password: after a failover any node may be master, and clients
        // (and sentinels) use one password for all of them.
        Password = replicaOf?.Password ?? RandomNumberGenerator.GetHexString(32, lowercase: true);
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The default user's password (<c>requirepass</c>), random per server; hex, so it needs no escaping.</summary>
    public string Password { get; }

    /// <summary>StackExchange.Redis configuration string ("127.0.0.1:PORT,password=...,abortConnect=false").</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},password={Password},abortConnect=false");

    /// <summary>Folder holding the generated redis.conf, the server log (redis.log), the AOF folder and dump.rdb.</summary>
    public string RootDirectory => _root;

    /// <summary>True while the server process we started is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private string LogFile => Path.Combine(_root, "redis.log");

    /// <summary>Starts redis-server on a free port and waits until it answers PING.</summary>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(DefaultMaxMemory, cancellationToken);

    /// <summary>Starts redis-server with its own <c>maxmemory</c> (e.g. "2mb", to see writes refused) and waits until it answers PING.</summary>
    public static Task<RedisServer> StartAsync(string maxMemory, CancellationToken cancellationToken = default) =>
        StartAsync(maxMemory, null, cancellationToken);

    /// <summary>Starts redis-server as a replica of <paramref name="master"/> (<c>replicaof</c>, same password) and waits until it answers PING.</summary>
    public static Task<RedisServer> StartReplicaAsync(RedisServer master, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(master);
        return StartAsync(master._maxMemory, master, cancellationToken);
    }

    private static async Task<RedisServer> StartAsync(string maxMemory, RedisServer? replicaOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(maxMemory);
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(TestDirectory.Create("redis"), Ports.FreeTcpPort(), maxMemory, replicaOf);
            try
            {
                await server.WriteConfigAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Starts the server again on the same port (after <see cref="StopAsync"/> or <see cref="KillAsync"/>); no-op while it runs.</summary>
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
            _process = ServerProcess.Start(
                new CommandLine(ServerBinaries.OnPath("redis-server", "redis-server"), ConfigFile),
                _root);
            var process = _process;
            try
            {
                await Poll.UntilAsync(async ct =>
                    process.HasExited
                        ? throw new InvalidOperationException($"redis-server exited with its port {Port} not yet answering.")
                        : await AnswersPingAsync(ct).ConfigureAwait(false),
                    ReadyTimeout, $"redis-server on port {Port} to answer PING", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"{e.Message}{Environment.NewLine}--- redis.log ---{Environment.NewLine}{LogFiles.Tail(LogFile)}{Environment.NewLine}--- output ---{Environment.NewLine}{process.OutputTail()}", e);
            }
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts the stopped (or killed) server again with its data deleted first (AOF folder and RDB
    /// snapshot): a Redis that came back without its disk. No-op while it runs.
    /// </summary>
    public async Task StartEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        // redis.conf keeps the defaults: appenddirname "appendonlydir", dbfilename "dump.rdb".
        var aof = Path.Combine(_root, "appendonlydir");
        if (Directory.Exists(aof))
        {
            Directory.Delete(aof, recursive: true);
        }

        File.Delete(Path.Combine(_root, "dump.rdb"));
        await StartAgainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server gracefully (SIGTERM: Redis flushes the AOF and writes its snapshot), SIGKILL after 15 s.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is not null)
            {
                await _process.TerminateAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary>kill -9 of the server, as a crash would.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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

    /// <summary>
    /// Deletes the stopped server's data (AOF folder and RDB snapshot), so that <see cref="StartAgainAsync"/>
    /// starts it empty, as a Redis that lost its disk would.
    /// </summary>
    public async Task DeleteDataAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                throw new InvalidOperationException($"{this} is running: stop or kill it before deleting its data.");
            }

            var aof = Path.Combine(_root, "appendonlydir");
            if (Directory.Exists(aof))
            {
                Directory.Delete(aof, recursive: true);
            }

            File.Delete(Path.Combine(_root, "dump.rdb"));
        }
        finally
        {
            _ = _lifecycle.Release();
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
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
    public override string ToString() => $"redis 127.0.0.1:{Port} ({_root})";

    private string ConfigFile => Path.Combine(_root, "redis.conf");

    // The repository's redis.conf, then what differs per test server (later lines win). The password
    // goes into a file, not onto the command line where ps would show it.
    private async Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        var shared = Path.Combine(RepoPaths.Root, "deploy", "redis", "redis.conf");
        if (!File.Exists(shared))
        {
            throw new FileNotFoundException($"The Redis configuration {shared} is missing.", shared);
        }

        await TestDirectory.WriteSecretFileAsync(ConfigFile, string.Create(CultureInfo.InvariantCulture, $"""
            include "{shared}"
            port {Port}
            dir "{_root}"
            logfile "{LogFile}"
            requirepass {Password}
            masterauth {Password}
            maxmemory {_maxMemory}
            {(_replicaOf is null ? "" : string.Create(CultureInfo.InvariantCulture, $"replicaof 127.0.0.1 {_replicaOf.Port}"))}

            """), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token).ConfigureAwait(false);
            _ = await socket.SendAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"), SocketFlags.None, attempt.Token).ConfigureAwait(false);

            // "+OK" then "+PONG"; while the AOF loads, "-LOADING ..." instead (not ready yet).
            var answer = new StringBuilder();
            var buffer = new byte[256];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                _ = answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = answer.ToString();
                if (text.Contains("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }

                if (text.Contains('-', StringComparison.Ordinal))
                {
                    return false;
                }
            }
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
