using System.Net;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Host.Tests.Workflow;

/// <summary>
/// Redis at its maxmemory (noeviction, deploy/redis/redis.conf) refuses writes with an OOM error; the host
/// turns that into a problem answer and takes no order, instead of crashing or answering 500.
/// </summary>
[Collection("servers")]
public sealed class RedisOutOfMemoryTests(TestServers servers)
{
    [Fact]
    public async Task An_order_while_redis_is_out_of_memory_is_refused_with_503_problem_and_not_stored()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString }, flushRedis: false);
        using (var first = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // 1 byte: whatever Redis holds is over the limit, so every write (and write script) is refused.
        using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).ConfigSetAsync("maxmemory", "1");
            var oom = await Assert.ThrowsAsync<RedisServerException>(() => admin.GetDatabase().StringSetAsync("probe", "x"));
            Assert.StartsWith("OOM", oom.Message, StringComparison.Ordinal);
        }

        using var refused = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await CookRequests.JsonAsync(refused)).GetProperty("code").GetString()));
        Assert.Equal(1, await host.CountAsync("orders"));
    }
}
