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

    [Fact]
    public async Task Rotating_client_ids_from_one_address_buys_no_more_than_the_address_quota()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited(
            ("RateLimiting:Policies:intake:PermitLimit", "2"),
            ("RateLimiting:Policies:intake:IpPermitLimit", "3"),
            ("RateLimiting:Policies:intake:MaxClientIdsPerIp", "100")));

        var answers = new List<HttpStatusCode>();
        foreach (var id in new[] { "id-1", "id-2", "id-3", "id-4", "id-5" })
        {
            using var response = await PostAsync(host, id);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(3, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task One_address_may_name_itself_with_only_a_few_client_ids_per_window()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited(("RateLimiting:Policies:intake:MaxClientIdsPerIp", "2")));

        using var first = await PostAsync(host, "till-a");
        using var second = await PostAsync(host, "till-b");
        using var third = await PostAsync(host, "till-c");
        using var firstAgain = await PostAsync(host, "till-a");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("rate_limited", (await ProblemAsync(third)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, firstAgain.StatusCode);
        Assert.Equal(3, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Anonymous_intake_from_one_address_is_capped_per_day()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited(("RateLimiting:Policies:intake:AnonymousIpLimit", "2")));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
            answers.Add(response.StatusCode);
        }

        using var otherId = await PostAsync(host, "till-z");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, otherId.StatusCode);
        Assert.Equal(2, await host.CountAsync("orders"));
    }

    private static Task<HttpResponseMessage> PostAsync(RushTestHost host, string clientId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(OrderRequests.SeedExampleJson()) };
        request.Headers.Add("X-Client-Id", clientId);
        return host.Rest.SendAsync(request);
    }
}
