using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class RedisDownTests(TestServers servers)
{
    [Fact]
    public async Task Cooks_changes_are_committed_and_answered_while_redis_is_down()
    {
        // A Redis of this test's own, so killing it disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString }, flushRedis: false);
        var id = await CookRequests.PlaceSeedExampleAsync(host);
        await redis.KillAsync();

        // Postgres is the source of truth: projection and slot release fail, are logged, and the
        // event consumer / capacity reconciliation catch up later.
        using var preparing = await CookRequests.SetStatusAsync(host.KitchenRest, id, "preparing", expectedVersion: 1);
        using var cancelled = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cancelled", ifMatch: "\"2\"");
        using var active = await host.KitchenRest.GetAsync("/api/v1/erp/orders/active?status=pending,preparing&station=oven");
        using var quote = await host.KitchenRest.GetAsync("/api/v1/kitchen/wait-quote");

        Assert.Equal(HttpStatusCode.OK, preparing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(2, (await CookRequests.StatusEventsAsync(host, id)).Count);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'cancelled' and version = 3"));
        Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, quote.StatusCode);
        Assert.Equal("unavailable", (await CookRequests.JsonAsync(quote)).GetProperty("code").GetString());
    }
}
