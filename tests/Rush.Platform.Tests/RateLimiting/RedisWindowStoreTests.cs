using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.RateLimiting;

/// <summary>The Lua scripts against a real Redis of the class's own.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes the connection through IAsyncLifetime.DisposeAsync.")]
public sealed class RedisWindowStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000 / 60_000 * 60_000);
    private RedisServer _server = null!;
    private RedisConnection _redis = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = new RedisConnection(_server.ConnectionString, NullLogger<RedisConnection>.Instance);
        await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_requests_on_a_fixed_window_let_exactly_the_limit_through()
    {
        var store = new RedisWindowStore(_redis);
        var policy = new RatePolicy("menu", RateWindowKind.Fixed, 10, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => store.DecideAsync(policy, "ip:10.0.0.1", 1, WindowStart)));
        var ttl = await _redis.Database.KeyTimeToLiveAsync("rate:menu:ip:10.0.0.1");

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        Assert.Equal(10, (long)await _redis.Database.StringGetAsync("rate:menu:ip:10.0.0.1"));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.InRange(d.Reset, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Counter_left_without_ttl_gets_one_window()
    {
        var store = new RedisWindowStore(_redis);
        var policy = new RatePolicy("stuck", RateWindowKind.Fixed, 1, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);
        await _redis.Database.StringSetAsync("rate:stuck:ip:10.0.0.1", 5);

        var decision = await store.DecideAsync(policy, "ip:10.0.0.1", 1, WindowStart);

        Assert.False(decision.Allowed);
        Assert.NotNull(await _redis.Database.KeyTimeToLiveAsync("rate:stuck:ip:10.0.0.1"));
    }

    [Fact]
    public async Task Lua_sliding_window_decides_exactly_like_the_local_one()
    {
        var redisStore = new RedisWindowStore(_redis);
        var local = new LocalWindowStore();
        var policy = new RatePolicy("intake", RateWindowKind.Sliding, 7, TimeSpan.FromMinutes(1), RatePartitionBy.Client);
        var offsets = new[] { 0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 61, 62, 70, 75, 80, 89, 95, 100, 110, 119, 121, 150, 185, 200 };

        foreach (var seconds in offsets.SelectMany(s => new[] { s, s }))
        {
            var now = WindowStart.AddSeconds(seconds);
            var fromRedis = await redisStore.DecideAsync(policy, "client:10.0.0.1:till-1", 1, now);
            var fromLocal = local.Decide(policy, "client:10.0.0.1:till-1", 1, now);

            Assert.Equal(fromLocal with { Store = RateLimitStore.Redis }, fromRedis);
        }
    }

    [Fact]
    public async Task Sliding_counters_expire_after_they_have_faded_out()
    {
        var store = new RedisWindowStore(_redis);
        var policy = new RatePolicy("screens", RateWindowKind.Sliding, 5, TimeSpan.FromMinutes(1), RatePartitionBy.Client);

        await store.DecideAsync(policy, "ip:10.0.0.9", 1, WindowStart.AddSeconds(15));
        var key = (RedisKey)$"rate:screens:ip:10.0.0.9:{WindowStart.ToUnixTimeMilliseconds() / 60_000}";
        var ttl = await _redis.Database.KeyTimeToLiveAsync(key);

        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(105));
    }
}
