using System.Globalization;

namespace Rush.Testing.Servers;

/// <summary>
/// The production Sentinel topology of <c>./rush up --ha</c> on random loopback ports: a master, two
/// replicas of it and three sentinels (quorum 2), all real Debian processes with deploy/redis/redis.conf
/// and one password, so a test can kill -9 the master and watch a replica take over.
/// </summary>
public sealed class RedisSentinelCluster : IAsyncDisposable
{
    /// <summary>The service name the sentinels monitor.</summary>
    public const string ServiceName = "rush-test";

    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(60);
    private readonly List<RedisServer> _nodes;
    private readonly List<RedisSentinelServer> _sentinels;
    private readonly bool _ownsFirstMaster;

    private RedisSentinelCluster(List<RedisServer> nodes, List<RedisSentinelServer> sentinels, bool ownsFirstMaster)
    {
        _nodes = nodes;
        _sentinels = sentinels;
        _ownsFirstMaster = ownsFirstMaster;
    }

    /// <summary>The Redis nodes, the first master first.</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>The sentinels.</summary>
    public IReadOnlyList<RedisSentinelServer> Sentinels => _sentinels;

    /// <summary>
    /// StackExchange.Redis configuration in the Sentinel form: all three sentinels and the service name, so
    /// the client finds the master through any sentinel that is up and follows a failover.
    /// </summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join(',', _sentinels.Select(s => $"127.0.0.1:{s.Port}"))},serviceName={ServiceName},password={_nodes[0].Password},abortConnect=false");

    /// <summary>Starts a fresh master, two replicas and three sentinels, and waits until the topology has settled.</summary>
    public static async Task<RedisSentinelCluster> StartAsync(CancellationToken cancellationToken = default) =>
        await StartAsync(await RedisServer.StartAsync(cancellationToken).ConfigureAwait(false), ownsMaster: true, new RedisSentinelOptions { Quorum = 2 }, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Adds two replicas and three sentinels to <paramref name="master"/> (which the caller keeps owning),
    /// and waits until the topology has settled.
    /// </summary>
    public static Task<RedisSentinelCluster> AroundAsync(RedisServer master, RedisSentinelOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(master, ownsMaster: false, options ?? new RedisSentinelOptions { Quorum = 2 }, cancellationToken);

    /// <summary>The node the sentinels' majority names master now (null while they disagree or none answers).</summary>
    public async Task<RedisServer?> MasterAsync(CancellationToken cancellationToken = default)
    {
        var ports = new List<int>();
        foreach (var sentinel in _sentinels)
        {
            if (await sentinel.MasterPortAsync(cancellationToken).ConfigureAwait(false) is { } port)
            {
                ports.Add(port);
            }
        }

        var agreed = ports.GroupBy(p => p).OrderByDescending(g => g.Count()).FirstOrDefault();
        return agreed is not null && agreed.Count() * 2 > _sentinels.Count ? _nodes.FirstOrDefault(n => n.Port == agreed.Key) : null;
    }

    /// <summary>Stops sentinels first (so none starts a failover while nodes stop), then the nodes.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_sentinels.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        await Task.WhenAll(_nodes.Skip(_ownsFirstMaster ? 0 : 1).Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static async Task<RedisSentinelCluster> StartAsync(RedisServer master, bool ownsMaster, RedisSentinelOptions options, CancellationToken cancellationToken)
    {
        var nodes = new List<RedisServer> { master };
        var sentinels = new List<RedisSentinelServer>();
        var cluster = new RedisSentinelCluster(nodes, sentinels, ownsMaster);
        try
        {
            nodes.AddRange(await Task.WhenAll(
                RedisServer.StartReplicaAsync(master, cancellationToken),
                RedisServer.StartReplicaAsync(master, cancellationToken)).ConfigureAwait(false));
            sentinels.AddRange(await Task.WhenAll(Enumerable.Range(0, 3)
                .Select(_ => RedisSentinelServer.StartAsync(master, ServiceName, options, cancellationToken))).ConfigureAwait(false));

            // Settled: every sentinel knows both replicas (from the master's INFO) and the two other
            // sentinels (from their hello messages), so a failover can reach its quorum and has somewhere to go.
            await Poll.UntilAsync(async ct =>
            {
                foreach (var sentinel in sentinels)
                {
                    var (replicas, others) = await sentinel.PeersAsync(ct).ConfigureAwait(false);
                    if (replicas < 2 || others < 2)
                    {
                        return false;
                    }
                }

                return true;
            }, Settled, "the sentinels to know both replicas and each other", cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
