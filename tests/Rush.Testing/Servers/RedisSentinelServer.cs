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
    public static Task<RedisSentinelServer> StartAsync(RedisServer master, string serviceName, CancellationToken cancellationToken = default) =>
        StartAsync(master, serviceName, new RedisSentinelOptions(), cancellationToken);

    /// <summary>Starts a sentinel for <paramref name="master"/> with its quorum and timings, and waits until it names the master.</summary>
    public static async Task<RedisSentinelServer> StartAsync(RedisServer master, string serviceName, RedisSentinelOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(options);
        var root = TestDirectory.Create("sentinel");
        var port = Ports.FreeTcpPort();

        // Sentinel rewrites its config file, so it must be a writable file of its own. sentinel-pass: the
        // sentinels authenticate to each other with the same password (they all have requirepass).
        var config = Path.Combine(root, "sentinel.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"port {port}\nbind 127.0.0.1\nprotected-mode no\ndir {root}\nlogfile {Path.Combine(root, "sentinel.log")}\nrequirepass {master.Password}\n"
            + $"sentinel sentinel-pass {master.Password}\n"
            + $"sentinel monitor {serviceName} 127.0.0.1 {master.Port} {options.Quorum}\nsentinel auth-pass {serviceName} {master.Password}\n"
            + $"sentinel down-after-milliseconds {serviceName} {(long)options.DownAfter.TotalMilliseconds}\n"
            + $"sentinel failover-timeout {serviceName} {(long)options.FailoverTimeout.TotalMilliseconds}\n"
            + $"sentinel parallel-syncs {serviceName} 1\n"),
            cancellationToken).ConfigureAwait(false);
        var process = ServerProcess.Start(new CommandLine(ServerBinaries.OnPath("redis-sentinel", "redis-sentinel"), config), root);
        var sentinel = new RedisSentinelServer(root, port, serviceName, master.Password, process);
        try
        {
            await Poll.UntilAsync(async ct =>
                process.HasExited
                    ? throw new InvalidOperationException($"redis-sentinel exited: {process.OutputTail()}")
                    : await sentinel.MasterPortAsync(ct).ConfigureAwait(false) == master.Port,
                TimeSpan.FromSeconds(30), $"redis-sentinel on port {port} to name the master", cancellationToken).ConfigureAwait(false);
            return sentinel;
        }
        catch
        {
            await sentinel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The port of the master this sentinel names now (<c>SENTINEL get-master-addr-by-name</c>), or null when it names none or does not answer.</summary>
    public async Task<int?> MasterPortAsync(CancellationToken cancellationToken = default)
    {
        var lines = await AskAsync(cancellationToken, "SENTINEL", "get-master-addr-by-name", ServiceName).ConfigureAwait(false);
        return lines.Count >= 2 && int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>How many replicas and other sentinels this sentinel knows for its master (<c>SENTINEL master</c>), (0, 0) when it does not answer.</summary>
    public async Task<(int Replicas, int OtherSentinels)> PeersAsync(CancellationToken cancellationToken = default)
    {
        // The reply is a flat list of field, value, field, value...
        var lines = await AskAsync(cancellationToken, "SENTINEL", "master", ServiceName).ConfigureAwait(false);
        int Field(string name)
        {
            var i = lines.IndexOf(name);
            return i >= 0 && i + 1 < lines.Count && int.TryParse(lines[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return (Field("num-slaves"), Field("num-other-sentinels"));
    }

    private async Task<List<string>> AskAsync(CancellationToken cancellationToken, params string[] command)
    {
        var result = await ProcessRunner.RunAsync(
            new CommandLine(ServerBinaries.OnPath("redis-cli", "redis-tools"), ["-p", Port.ToString(CultureInfo.InvariantCulture), "-a", _password, "--no-auth-warning", .. command]),
            TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return result.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
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
