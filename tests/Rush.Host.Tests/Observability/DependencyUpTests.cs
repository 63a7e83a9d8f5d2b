using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Observability;

/// <summary><c>rush_dependency_up</c> (what the "Redis down" alert reads) follows the readiness checks without anyone polling <c>/health/ready</c>.</summary>
[Collection("servers")]
public sealed class DependencyUpTests(TestServers servers)
{

    [Fact]
    public async Task Redis_up_drops_to_zero_when_redis_stops_and_returns_to_one_when_it_is_back()
    {
        // A Redis of this test's own, so stopping it disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString, ["Observability:SampleInterval"] = "00:00:01" },
            flushRedis: false);
        await WaitForAsync(host, up: 1);

        await redis.KillAsync();
        await WaitForAsync(host, up: 0);

        await redis.StartAgainAsync();
        await WaitForAsync(host, up: 1);
    }

    private static Task WaitForAsync(RushTestHost host, int up) =>
        Poll.UntilAsync(async () => new Scrape(await host.Management.GetStringAsync("/metrics")).Values("rush_dependency_up", ("dependency", "redis")).SequenceEqual([up]),
            TimeSpan.FromSeconds(120), $"rush_dependency_up{{dependency=\"redis\"}} {up}");
}
