using System.Net;
using System.Net.Http.Json;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.RateLimiting.RateLimitSettings;

namespace Rush.Host.Tests.RateLimiting;

[Collection("servers")]
public sealed class IntakeRateLimitTests(TestServers servers)
{
    private const int ResourceExhausted = 8;

    [Fact]
    public async Task Order_intake_is_limited_per_client_id()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited(("RateLimiting:Policies:intake:PermitLimit", "2")));

        var tillA = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(host, "till-a");
            tillA.Add(response.StatusCode);
        }

        using var tillB = await PostAsync(host, "till-b");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], tillA);
        Assert.Equal(HttpStatusCode.Created, tillB.StatusCode);
        Assert.Equal(3, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Grpc_intake_over_the_limit_answers_resource_exhausted()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited(("RateLimiting:Policies:intake:PermitLimit", "1")));

        var (first, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());
        var (second, message, response) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());

        Assert.Equal(0, first);
        Assert.Equal(ResourceExhausted, second);
        Assert.StartsWith("Too many requests", message, StringComparison.Ordinal);
        Assert.Null(response);
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    private static Task<HttpResponseMessage> PostAsync(RushTestHost host, string clientId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(OrderRequests.SeedExampleJson()) };
        request.Headers.Add("X-Client-Id", clientId);
        return host.Rest.SendAsync(request);
    }
}
