using System.Globalization;

namespace Rush.Testing.Servers;

/// <summary>A real redis-sentinel child process on 127.0.0.1 that monitors one <see cref="RedisServer"/> as master of a named service.</summary>
public sealed class RedisSentinelServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly ServerProcess _process;
    private readonly string _password;

    private RedisSentinelServer(string root, int port, string serviceName, string password, ServerProcess process)
    {
        _root = root;
        Port = port;
        ServiceName = serviceName;
        _password = password;
        _process = process;
    }

    /// <summary>TCP port of the sentinel on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The monitored service (the master's name).</summary>
    public string ServiceName { get; }

    /// <summary>StackExchange.Redis configuration string in the Sentinel form: the sentinel's address and <c>serviceName=</c>; one password for sentinel and master.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},serviceName={ServiceName},password={_password},abortConnect=false");

    /// <summary>Starts a sentinel (quorum 1) for <paramref name="master"/> and waits until it names the master.</summary>
    public static async Task<RedisSentinelServer> StartAsync(RedisServer master, string serviceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(master);
        var root = TestDirectory.Create("sentinel");
        var port = Ports.FreeTcpPort();

        // Sentinel rewrites its config file, so it must be a writable file of its own.
        var config = Path.Combine(root, "sentinel.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"port {port}\nbind 127.0.0.1\nprotected-mode no\ndir {root}\nlogfile {Path.Combine(root, "sentinel.log")}\nrequirepass {master.Password}\n"
            + $"sentinel monitor {serviceName} 127.0.0.1 {master.Port} 1\nsentinel auth-pass {serviceName} {master.Password}\n"),
            cancellationToken).ConfigureAwait(false);
        var process = ServerProcess.Start(new CommandLine(ServerBinaries.OnPath("redis-sentinel", "redis-sentinel"), config), root);
        var sentinel = new RedisSentinelServer(root, port, serviceName, master.Password, process);
        try
        {
            await Poll.UntilAsync(async ct =>
                process.HasExited
                    ? throw new InvalidOperationException($"redis-sentinel exited: {process.OutputTail()}")
                    : (await ProcessRunner.RunAsync(
                        new CommandLine(ServerBinaries.OnPath("redis-cli", "redis-tools"), "-p", port.ToString(CultureInfo.InvariantCulture), "-a", master.Password, "--no-auth-warning",
                            "SENTINEL", "get-master-addr-by-name", serviceName),
                        TimeSpan.FromSeconds(5), ct).ConfigureAwait(false)).Output
                        .Contains(master.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), $"redis-sentinel on port {port} to name the master", cancellationToken).ConfigureAwait(false);
            return sentinel;
        }
        catch
        {
            await sentinel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the sentinel and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(15), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
            TestDirectory.DeleteQuietly(_root);
        }
    }
}
