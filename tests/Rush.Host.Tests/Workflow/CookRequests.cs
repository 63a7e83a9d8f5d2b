using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Rush.Contracts.Kitchen.V1;
using Rush.Host.Tests.Orders;
using Rush.Testing;

namespace Rush.Host.Tests.Workflow;

/// <summary>What a cook's tablet and the ERP send: orders to work on, status changes, item bumps; and what tests read back.</summary>
internal static class CookRequests
{
    /// <summary>Places an order of these lines (pizza name, quantity) and returns the intake's answer.</summary>
    public static async Task<JsonElement> PlaceAsync(RushTestHost host, params (string Pizza, int Quantity)[] lines)
    {
        var body = OrderRequests.SeedExampleJson();
        if (lines.Length > 0)
        {
            body.Remove("pizzaName");
            body.Remove("quantity");
            body["items"] = lines.Select(l => new Dictionary<string, object> { ["pizzaName"] = l.Pizza, ["quantity"] = l.Quantity }).ToList();
        }

        using var response = await OrderRequests.PostAsync(host.KitchenRest, body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>Places the seed's example (two classic pizzas, 1924) and returns its id.</summary>
    public static async Task<Guid> PlaceSeedExampleAsync(RushTestHost host) =>
        (await PlaceAsync(host)).GetProperty("orderId").GetGuid();

    public static Task<HttpResponseMessage> SetStatusAsync(HttpClient rest, Guid id, string status, int? expectedVersion = null, string? ifMatch = null)
    {
        var body = new Dictionary<string, object?> { ["status"] = status };
        if (expectedVersion is not null)
        {
            body["expectedVersion"] = expectedVersion;
        }

        return PutAsync(rest, $"/api/v1/erp/orders/{id}/status", body, ifMatch);
    }

    public static Task<HttpResponseMessage> BumpAsync(HttpClient rest, Guid id, int index, bool done, int? expectedVersion = null, string? ifMatch = null)
    {
        var body = new Dictionary<string, object?> { ["done"] = done };
        if (expectedVersion is not null)
        {
            body["expectedVersion"] = expectedVersion;
        }

        return PutAsync(rest, $"/api/v1/erp/orders/{id}/items/{index}/status", body, ifMatch);
    }

    public static Task<HttpResponseMessage> PutAsync(HttpClient rest, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return rest.SendAsync(request);
    }

    /// <summary>Moves an order along the workflow, asserting each step answers 200.</summary>
    public static async Task WalkAsync(HttpClient rest, Guid id, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            using var response = await SetStatusAsync(rest, id, status);
            Assert.True(response.IsSuccessStatusCode, $"-> {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The OrderStatusChanged events of an order in the outbox, oldest first.</summary>
    public static async Task<List<OrderStatusChanged>> StatusEventsAsync(RushTestHost host, Guid orderId)
    {
        await using var cmd = host.Database.CreateCommand(
            "select message_type, topic, payload from outbox where message_key = $1 and message_type <> 'OrderPlaced' order by id");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = orderId.ToString() });
        var events = new List<OrderStatusChanged>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.Equal("OrderStatusChanged", reader.GetString(0));
            Assert.Equal("pizza-orders", reader.GetString(1));
            events.Add(OrderStatusChanged.Parser.ParseFrom(reader.GetFieldValue<byte[]>(2)));
        }

        return events;
    }
}
