using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rush.Testing.Servers;

/// <summary>A real redis-server 7 child process on 127.0.0.1 (no persistence), which tests can kill and start again.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _process;

    private RedisServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration string ("127.0.0.1:PORT,abortConnect=false").</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false");

    /// <summary>Folder holding the server log (redis.log).</summary>
    public string RootDirectory => _root;

    /// <summary>True while the server process we started is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private string LogFile => Path.Combine(_root, "redis.log");

    /// <summary>Starts redis-server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(TestDirectory.Create("redis"), Ports.FreeTcpPort());
            try
            {
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
            var port = Port.ToString(CultureInfo.InvariantCulture);
            _process = ServerProcess.Start(
                new CommandLine(ServerBinaries.OnPath("redis-server", "redis-server"),
                    "--port", port, "--bind", "127.0.0.1", "--dir", _root,
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--logfile", LogFile, "--protected-mode", "no"),
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

    /// <summary>Stops the server gracefully (SIGTERM), SIGKILL after 15 s.</summary>
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

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token).ConfigureAwait(false);
            _ = await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, attempt.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
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
