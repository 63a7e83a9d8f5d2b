using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Rush.Contracts.Kitchen.V1;
using Rush.EndToEnd.Tests.Support;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.EndToEnd.Tests;

/// <summary>
/// Rush's gRPC service (Grpc.AspNetCore) against a real third-party client: @grpc/grpc-js under Node, run as a
/// child process (grpc-client/). Each status the contract promises must arrive as grpc-js reads it.
/// </summary>
[Collection("servers")]
public sealed class GrpcJsClientTests(TestServers servers)
{
    private static readonly string[] Days = Enum.GetNames<DayOfWeek>();

    [Fact]
    public async Task Seed_example_order_from_grpc_js_is_accepted_and_stored()
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());

        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, SeedOrders.GrpcExample());

        Assert.True(result.Ok, result.Raw);
        var orderId = result.Field("order_id");
        Assert.True(Guid.TryParse(orderId, out var id), result.Raw);
        Assert.Equal(orderId[^4..], result.Field("display_id"));
        Assert.Equal(1924d, result.Response.GetProperty("total_price").GetDouble());
        Assert.False(string.IsNullOrEmpty(result.Field("slot_start_time")), result.Raw);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and total_price = 1924 and customer_id = 12345"));
    }

    [Fact]
    public async Task Full_kitchen_answers_grpc_js_resource_exhausted_and_stores_nothing()
    {
        // The kitchen opens 12:00-13:00 UTC: an order for tomorrow 12:00 has exactly 4 candidate slots,
        // whatever the time of day the test runs at (an "as soon as possible" window would move on at the
        // next slot boundary while the test fills it). Each slot takes one Classic (962).
        var settings = Settings();
        foreach (var day in Days)
        {
            settings[$"Kitchen:OpeningHours:{day}"] = "12:00-13:00";
        }

        settings["Kitchen:SlotCapacity:MaxPrice"] = "962";
        await using var host = await RushTestHost.StartAsync(servers, settings);
        var tomorrowNoon = DateTime.UtcNow.Date.AddDays(1).AddHours(12).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var slots = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            using var response = await SeedOrders.PostAsync(host.Rest, SeedOrders.Rest(SeedOrders.Classic, 1, desiredTime: tomorrowNoon));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(slots.Add(body.GetProperty("slotStartTime").GetString()!), "each order fills a slot of its own");
        }

        var request = SeedOrders.GrpcExample();
        request["quantity"] = 1;
        request["desired_time"] = tomorrowNoon;
        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, request);

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(8, result.Code);
        Assert.Equal("RESOURCE_EXHAUSTED", result.CodeName);
        Assert.Equal("All slots are full for today", result.Details);
        Assert.Equal(4, await host.CountAsync("orders"));
        Assert.Equal(4, await host.CountAsync("outbox"));
    }

    [Fact]
    public async Task Unknown_pizza_answers_grpc_js_invalid_argument()
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());
        var request = SeedOrders.GrpcExample();
        request["pizza_name"] = "Пицца с ананасом на Марсе";

        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, request);

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(3, result.Code);
        Assert.Equal("INVALID_ARGUMENT", result.CodeName);
        Assert.Contains("Пицца с ананасом на Марсе", result.Details, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Quantity_zero_answers_grpc_js_invalid_argument()
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());
        var request = SeedOrders.GrpcExample();
        request["quantity"] = 0;

        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, request);

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(3, result.Code);
        Assert.Equal("INVALID_ARGUMENT", result.CodeName);
        Assert.Contains("quantity", result.Details, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Closed_kitchen_answers_grpc_js_failed_precondition()
    {
        var settings = Settings();
        foreach (var day in Days)
        {
            settings[$"Kitchen:OpeningHours:{day}"] = "closed";
        }

        await using var host = await RushTestHost.StartAsync(servers, settings);

        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, SeedOrders.GrpcExample());

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(9, result.Code);
        Assert.Equal("FAILED_PRECONDITION", result.CodeName);
        Assert.Equal("Kitchen is closed", result.Details);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Expired_deadline_is_deadline_exceeded_for_grpc_js_and_on_the_wire()
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());

        // grpc-js may give up on its own before the server answers; either way it must report code 4.
        var result = await GrpcJsClient.CreateOrderAsync(host.GrpcPort, SeedOrders.GrpcExample(), deadlineMs: 1);

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(4, result.Code);
        Assert.Equal("DEADLINE_EXCEEDED", result.CodeName);

        // The server's own answer to a deadline that has passed when the call arrives. ("1n" would not do:
        // Grpc.AspNetCore truncates it to zero ticks and treats a zero timeout as no deadline.)
        using var call = GrpcCall(GrpcJsRequestAsProto(), "1u");
        using var response = await host.Grpc.SendAsync(call);
        _ = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4", GrpcStatus(response));
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Theory]
    [InlineData("/rush.kitchen.v1.OrderService/CancelOrder")]
    [InlineData("/rush.nothing.v1.NoSuchService/CreateOrder")]
    public async Task Unknown_method_answers_grpc_js_unimplemented(string method)
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());

        var result = await GrpcJsClient.RawCallAsync(host.GrpcPort, method, GrpcJsRequestAsProto().ToByteArray());

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(12, result.Code);
        Assert.Equal("UNIMPLEMENTED", result.CodeName);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Malformed_protobuf_answers_grpc_js_unknown_and_stores_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers, Settings());

        // Field 2 (pizza_name) announces 5 bytes and brings 1: not a PizzaOrderRequest. Grpc.AspNetCore
        // reports a request it cannot deserialize as UNKNOWN (grpc-go and grpc-java say INTERNAL).
        var result = await GrpcJsClient.RawCallAsync(host.GrpcPort, "/rush.kitchen.v1.OrderService/CreateOrder", [0x12, 0x05, 0x41]);

        Assert.False(result.Ok, result.Raw);
        Assert.Equal(2, result.Code);
        Assert.Equal("UNKNOWN", result.CodeName);
        Assert.Equal(0, await host.CountAsync("orders"));
    }

    private static Dictionary<string, string> Settings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kitchen:TimeZone"] = "UTC",
    };

    private static PizzaOrderRequest GrpcJsRequestAsProto() => new()
    {
        CustomerId = 12345,
        PizzaName = SeedOrders.Classic,
        Quantity = 2,
        CustomerFirstName = "Иван",
        CustomerLastName = "Иванов",
        CustomerPhone = "+79001234567",
        DeliveryAddress = "ул. Ленина, д. 1",
    };

    /// <summary>A unary call as the gRPC HTTP/2 protocol frames it: 1 flag byte, 4 length bytes, the message.</summary>
    private static HttpRequestMessage GrpcCall(IMessage message, string timeout)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, "/rush.kitchen.v1.OrderService/CreateOrder")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        return request;
    }

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only answer.</summary>
    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
        : null;
}
