using System.Net;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Orders;

[Collection("servers")]
public sealed class RestIntakeTests(TestServers servers)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Seed_example_is_stored_durably_with_its_event_and_answered_201()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var orderId = body.GetProperty("orderId").GetGuid();
        Assert.Equal(orderId.ToString("N")[^4..], body.GetProperty("displayId").GetString());
        Assert.Equal(1924m, body.GetProperty("totalPrice").GetDecimal());
        Assert.Equal(body.GetProperty("slotStartTime").GetDateTimeOffset(), body.GetProperty("estimatedTime").GetDateTimeOffset());
        Assert.Equal($"/api/v1/orders/{orderId}", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{orderId}' and status = 'pending'"));
        Assert.Equal(1, await host.CountAsync("outbox", $"message_key = '{orderId}' and message_type = 'OrderPlaced'"));

        using var get = await host.Rest.GetAsync($"/api/v1/orders/{orderId}");
        var order = await JsonAsync(get);
        Assert.Equal("Пицца Классическая", order.GetProperty("items")[0].GetProperty("pizzaName").GetString());
        Assert.NotEmpty(order.GetProperty("items")[0].GetProperty("ingredients").EnumerateArray());
    }

    [Fact]
    public async Task Published_events_are_marked_sent_by_the_relay()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        var orderId = (await JsonAsync(response)).GetProperty("orderId").GetGuid();

        await Poll.UntilAsync(async () => await host.CountAsync("outbox", $"message_key = '{orderId}' and sent_at is not null") == 1,
            TimeSpan.FromSeconds(20), "the OrderPlaced event to be published");
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_answer()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var first = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson(), "retry-1");
        using var second = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson(), "retry-1");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await JsonAsync(first)).GetRawText(), (await JsonAsync(second)).GetRawText());
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_create_one_order_on_two_instances()
    {
        await using var a = await RushTestHost.StartAsync(servers);
        await using var b = await RushTestHost.StartAsync(servers, database: a.PostgresConnectionString, flushRedis: false);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await OrderRequests.PostAsync(i % 2 == 0 ? a.Rest : b.Rest, OrderRequests.SeedExampleJson(), "same-key");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await JsonAsync(response)).GetProperty("orderId").GetGuid();
        }));

        Assert.Single(answers.Distinct());
        Assert.Equal(1, await a.CountAsync("orders"));
        Assert.Equal(1, await a.CountAsync("outbox"));
    }

    public static TheoryData<string, string, string> InvalidOrders => new()
    {
        { """{"pizzaName":"Пицца с кометой","quantity":1,"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":true}""", "unknown_pizza", "" },
        { """{"pizzaName":"Маргарита","quantity":0,"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":true}""", "validation_failed", "quantity" },
        { """{"pizzaName":"Маргарита","quantity":51,"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":true}""", "validation_failed", "quantity" },
        { """{"items":[],"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":true}""", "validation_failed", "items" },
        { """{"pizzaName":"Маргарита","quantity":1,"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":false}""", "validation_failed", "deliveryAddress" },
        { """{"pizzaName":"Маргарита","quantity":1,"customerFirstName":"Иван","customerPhone":"call me","isPickup":true}""", "validation_failed", "customerPhone" },
        { """{"pizzaName":"Маргарита","quantity":1,"extras":["Икра"],"customerFirstName":"Иван","customerPhone":"+79001234567","isPickup":true}""", "unknown_extra", "" },
        { """{"pizzaName":"Маргарита","quantity":"many"}""", "invalid_json", "" },
        { """{"pizzaName":""", "invalid_json", "" },
        { "[]", "invalid_json", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Invalid_orders_get_a_problem_and_change_nothing(string body, string code, string field)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await OrderRequests.PostRawAsync(host.Rest, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }

        Assert.Equal(0, await host.CountAsync("orders"));
        Assert.Equal(0, await host.CountAsync("outbox"));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var huge = OrderRequests.SeedExampleJson();
        huge["deliveryAddress"] = new string('x', 100_000);

        using var response = await OrderRequests.PostAsync(host.Rest, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await JsonAsync(response)).GetProperty("code").GetString());
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await OrderRequests.PostRawAsync(host.Rest, "pizza please", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_and_malformed_order_ids_are_told_apart()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var unknown = await host.Rest.GetAsync($"/api/v1/orders/{Guid.NewGuid()}");
        using var malformed = await host.Rest.GetAsync("/api/v1/orders/not-a-uuid");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("order_not_found", (await JsonAsync(unknown)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task An_unknown_two_segment_path_is_404_not_swallowed_by_the_grpc_fallback()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.Rest.GetAsync("/no/such");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_closed_kitchen_answers_409_and_stores_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers, KitchenSettings.AllDays("closed"));

        using var response = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal("kitchen_closed", problem.GetProperty("code").GetString());
        Assert.Equal("Kitchen is closed", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await host.CountAsync("orders"));
        Assert.Equal(0, await host.CountAsync("outbox"));
    }

    [Fact]
    public async Task When_all_slots_are_full_the_answer_is_429_with_retry_after_and_nothing_is_stored()
    {
        // One classic pizza per slot, 96 slots in a day around the clock.
        var settings = KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:SlotCapacity:MaxPrice"] = "962";
        await using var host = await RushTestHost.StartAsync(servers, settings);
        var single = OrderRequests.SeedExampleJson();
        single["quantity"] = 1;
        var accepted = await Task.WhenAll(Enumerable.Range(0, 96).Select(async _ =>
        {
            using var r = await OrderRequests.PostAsync(host.Rest, single);
            return r.StatusCode;
        }));
        Assert.All(accepted, s => Assert.Equal(HttpStatusCode.Created, s));

        using var response = await OrderRequests.PostAsync(host.Rest, single);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal("slots_full", problem.GetProperty("code").GetString());
        Assert.Equal("All slots are full for today", problem.GetProperty("detail").GetString());
        Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal(96, await host.CountAsync("orders"));
        Assert.Equal(96, await host.CountAsync("outbox"));
    }
}
