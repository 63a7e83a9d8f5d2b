using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.RateLimiting;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.RateLimiting.RateLimitSettings;

namespace Rush.Host.Tests.RateLimiting;

[Collection("servers")]
public sealed class RateLimitFallbackTests(TestServers servers)
{
    [Fact]
    public async Task Local_limiter_takes_over_while_redis_is_killed_and_redis_decides_again_when_back()
    {
        // A Redis of this test's own, so killing it disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            Limited(("ConnectionStrings:Redis", redis.ConnectionString), ("RateLimiting:RedisRetryInterval", "00:00:00.100")),
            flushRedis: false);
        var gate = host.Services.GetRequiredService<RateLimitGate>();
        await redis.KillAsync(); // kill -9: a crash, not a clean shutdown

        // Fail open to the per-instance limit: answered, and limited at the policy's own limit.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await host.Rest.GetAsync("/api/v1/menu");
            statuses.Add(response.StatusCode);
        }

        Assert.True(gate.IsFallingBack);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10), statuses[..10]);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[10..]);

        // Redis comes back: the next probe finds it and the shared count starts again there.
        await redis.StartAgainAsync();
        await Poll.UntilAsync(async () =>
        {
            using var response = await host.Rest.GetAsync("/api/v1/menu");
            return response.StatusCode == HttpStatusCode.OK && !gate.IsFallingBack;
        }, TimeSpan.FromSeconds(30), "rate limiting back on Redis");
    }
}
