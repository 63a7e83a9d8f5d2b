using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Google.Protobuf;
using Rush.Contracts.Kitchen.V1;

namespace Rush.Host.Tests.Orders;

/// <summary>Builders for the seed's example order over REST and gRPC, and a tiny gRPC caller.</summary>
internal static class OrderRequests
{
    public static Dictionary<string, object?> SeedExampleJson() => new()
    {
        ["customerId"] = 12345,
        ["pizzaName"] = "Пицца Классическая",
        ["quantity"] = 2,
        ["customerFirstName"] = "Иван",
        ["customerLastName"] = "Иванов",
        ["customerPhone"] = "+79001234567",
        ["deliveryAddress"] = "ул. Ленина, д. 1",
        ["isPickup"] = false,
    };

    public static PizzaOrderRequest SeedExampleProto() => new()
    {
        CustomerId = 12345,
        PizzaName = "Пицца Классическая",
        Quantity = 2,
        CustomerFirstName = "Иван",
        CustomerLastName = "Иванов",
        CustomerPhone = "+79001234567",
        DeliveryAddress = "ул. Ленина, д. 1",
        IsPickup = false,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient rest, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return rest.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient rest, string body, string contentType = "application/json") =>
        rest.PostAsync("/api/v1/orders", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    /// <summary>Calls CreateOrder with raw message bytes; returns grpc-status, grpc-message and the response (if any).</summary>
    public static async Task<(int Status, string Message, OrderResponse? Response)> CallGrpcAsync(HttpClient grpc, byte[] message, string? timeout = null)
    {
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rush.kitchen.v1.OrderService/CreateOrder")
        {
            Content = new ByteArrayContent(framed),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }

        using var response = await grpc.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = int.Parse(Header(response, "grpc-status") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        var text = Uri.UnescapeDataString(Header(response, "grpc-message") ?? "");
        return (status, text, body.Length > 5 ? OrderResponse.Parser.ParseFrom(body.AsSpan(5)) : null);
    }

    public static Task<(int Status, string Message, OrderResponse? Response)> CallGrpcAsync(HttpClient grpc, PizzaOrderRequest request, string? timeout = null) =>
        CallGrpcAsync(grpc, request.ToByteArray(), timeout);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : response.Headers.TryGetValues(name, out var h) ? h.First() : null;
}
