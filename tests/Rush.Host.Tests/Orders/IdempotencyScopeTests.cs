using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen;
using Rush.Kitchen.Orders;
using Rush.Platform.Identity;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Orders;

[Collection("servers")]
public sealed class IdempotencyScopeTests(TestServers servers)
{
    private const int InvalidArgument = 3;

    [Fact]
    public async Task The_same_key_from_two_callers_makes_two_orders()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var anonymous = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson(), "order-1");
        using var signedIn = await PostAsUserAsync(host, OrderRequests.SeedExampleJson(), "order-1");

        Assert.Equal(HttpStatusCode.Created, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Created, signedIn.StatusCode);
        Assert.NotEqual(await OrderIdAsync(anonymous), await OrderIdAsync(signedIn));
        Assert.Equal(2, await host.CountAsync("orders"));
        Assert.Equal(1, await host.CountAsync("order_requests", "client_scope = 'anon'"));
    }

    [Fact]
    public async Task A_retry_of_the_same_caller_still_gets_the_first_order()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var first = await PostAsUserAsync(host, OrderRequests.SeedExampleJson(), "order-1");
        using var retry = await PostAsUserAsync(host, OrderRequests.SeedExampleJson(), "order-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await OrderIdAsync(first), await OrderIdAsync(retry));
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task A_key_reused_with_a_different_body_is_refused_with_422()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var other = OrderRequests.SeedExampleJson();
        other["quantity"] = 3;

        using var first = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson(), "order-1");
        using var reused = await OrderRequests.PostAsync(host.Rest, other, "order-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((HttpStatusCode)422, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (await JsonAsync(reused)).GetProperty("code").GetString());
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task A_key_reused_with_a_different_body_is_refused_when_only_postgres_remembers_it()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var other = OrderRequests.SeedExampleJson();
        other["customerFirstName"] = "Пётр";

        using var first = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson(), "order-1");
        var redis = host.Services.GetRequiredService<RedisConnection>().Database;
        foreach (var key in new[] { "order:request:anon:order-1" })
        {
            await redis.KeyDeleteAsync(key);
        }

        using var reused = await OrderRequests.PostAsync(host.Rest, other, "order-1");

        Assert.Equal((HttpStatusCode)422, reused.StatusCode);
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Grpc_request_id_reused_with_a_different_body_is_refused()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var first = OrderRequests.SeedExampleProto();
        first.RequestId = "grpc-1";
        var other = OrderRequests.SeedExampleProto();
        other.RequestId = "grpc-1";
        other.Quantity = 3;

        var (okStatus, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, first);
        var (status, message, response) = await OrderRequests.CallGrpcAsync(host.Grpc, other);

        Assert.Equal(0, okStatus);
        Assert.Equal(InvalidArgument, status);
        Assert.Contains("idempotency key", message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(response);
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task A_joiner_gets_the_order_when_the_caller_that_started_the_attempt_gives_up()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var intake = host.Services.GetRequiredService<OrderIntake>();
        var request = KitchenJson.Api.CreateOrderRequest;
        var body = System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(OrderRequests.SeedExampleJson()), request)!;
        using var firstCaller = new CancellationTokenSource();

        var first = intake.PlaceAsync(body, "shared-1", null, OrderChannel.Rest, firstCaller.Token);
        var joiner = intake.PlaceAsync(body, "shared-1", null, OrderChannel.Rest, CancellationToken.None);
        await firstCaller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var placed = await joiner.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{placed.OrderId}'"));
    }

    private static Task<HttpResponseMessage> PostAsUserAsync(RushTestHost host, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DemoUser.Email}:{DemoUser.Password}")));
        return host.Rest.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<Guid> OrderIdAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("orderId").GetGuid();
}
