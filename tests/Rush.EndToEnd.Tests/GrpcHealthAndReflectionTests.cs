using System.Net;
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
    public async Task Health_follows_readiness_when_redis_stops_and_returns()
    {
        // A Redis of this test's own, so stopping it disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString }, flushRedis: false);

        Assert.Equal("SERVING", await StatusAsync(host, ""));
        Assert.Equal("SERVING", await StatusAsync(host, "rush.kitchen.v1.OrderService"));
        Assert.Equal(HttpStatusCode.OK, (await host.Rest.GetAsync("/health/ready")).StatusCode);

        await redis.KillAsync();
        await Poll.UntilAsync(async () => await StatusAsync(host, "") == "NOT_SERVING", TimeSpan.FromSeconds(60), "gRPC health NOT_SERVING");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Rest.GetAsync("/health/ready")).StatusCode);

        await redis.StartAgainAsync();
        await Poll.UntilAsync(async () => await StatusAsync(host, "rush.kitchen.v1.OrderService") == "SERVING", TimeSpan.FromSeconds(60), "gRPC health SERVING again");
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
