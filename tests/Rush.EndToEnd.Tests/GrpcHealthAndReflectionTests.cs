using System.Net;
using System.Text.Json;
using Rush.EndToEnd.Tests.Support;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.EndToEnd.Tests;

/// <summary>
/// The standard services beside OrderService on the gRPC port, called with grpc-js: grpc.health.v1.Health
/// (what Kubernetes and load balancers probe) and server reflection (what grpcurl lists with).
/// </summary>
[Collection("servers")]
public sealed class GrpcHealthAndReflectionTests(TestServers servers)
{
    [Fact]
    public async Task Reflection_lists_the_order_service_and_describes_it()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var answer = await GrpcJsClient.ReflectAsync(host.GrpcPort, "rush.kitchen.v1.OrderService");

        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.GetRawText());
        var services = answer.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("rush.kitchen.v1.OrderService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Empty(answer.GetProperty("errors").EnumerateArray());

        // The file that defines the service is orders.proto, with its method and message names in it.
        var file = Assert.Single(answer.GetProperty("symbolFiles").EnumerateArray()).GetString()!;
        Assert.Contains("rush/kitchen/v1/orders.proto", file, StringComparison.Ordinal);
        Assert.Contains("CreateOrder", file, StringComparison.Ordinal);
        Assert.Contains("PizzaOrderRequest", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_follows_readiness_when_redis_is_killed_and_returns()
    {
        // A Redis of this test's own, so killing it disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString }, flushRedis: false);

        Assert.Equal("SERVING", await StatusAsync(host, ""));
        Assert.Equal("SERVING", await StatusAsync(host, "rush.kitchen.v1.OrderService"));
        Assert.Equal("healthy", await ReadyEntryAsync(host, "redis"));

        // Redis has fallbacks: its entry turns unhealthy, the instance degraded but still serving (200,
        // SERVING): taking every instance out of the balancer because the shared Redis is away helps nobody.
        await redis.KillAsync();
        await Poll.UntilAsync(async () => await ReadyEntryAsync(host, "redis") == "unhealthy", TimeSpan.FromSeconds(60), "the redis entry unhealthy");
        using (var ready = await host.Rest.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("degraded", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        Assert.Equal("SERVING", await StatusAsync(host, ""));

        await redis.StartAgainAsync();
        await Poll.UntilAsync(async () => await ReadyEntryAsync(host, "redis") == "healthy", TimeSpan.FromSeconds(60), "the redis entry healthy again");
        Assert.Equal("SERVING", await StatusAsync(host, "rush.kitchen.v1.OrderService"));
    }

    private static async Task<string?> ReadyEntryAsync(RushTestHost host, string check)
    {
        using var ready = await host.Rest.GetAsync("/health/ready");
        return JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
    }

    [Fact]
    public async Task Health_of_an_unknown_service_is_not_found()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var result = await GrpcJsClient.CheckHealthAsync(host.GrpcPort, "rush.nothing.v1.NoSuchService");

        Assert.False(result.Ok, result.Raw);
        Assert.Equal("NOT_FOUND", result.CodeName);
    }

    private static async Task<string> StatusAsync(RushTestHost host, string service)
    {
        var result = await GrpcJsClient.CheckHealthAsync(host.GrpcPort, service);
        Assert.True(result.Ok, result.Raw);
        return result.Response.GetProperty("status").GetString()!;
    }
}
