using System.Net.Http.Json;

namespace Rush.EndToEnd.Tests.Support;

/// <summary>Order requests as clients send them: the seed 001 example, for gRPC (proto names) and REST (camelCase).</summary>
internal static class SeedOrders
{
    public const string Classic = "Пицца Классическая";

    /// <summary>Seed 001, step 1, exactly: two "Пицца Классическая" for Иван Иванов, delivered.</summary>
    public static Dictionary<string, object> GrpcExample() => new()
    {
        ["customer_id"] = 12345,
        ["pizza_name"] = Classic,
        ["quantity"] = 2,
        ["customer_first_name"] = "Иван",
        ["customer_last_name"] = "Иванов",
        ["customer_phone"] = "+79001234567",
        ["delivery_address"] = "ул. Ленина, д. 1",
        ["is_pickup"] = false,
    };

    /// <summary>The REST body of a one-line order.</summary>
    public static Dictionary<string, object> Rest(string pizza, int quantity, long customerId = 12345, string? desiredTime = null)
    {
        var body = new Dictionary<string, object>
        {
            ["customerId"] = customerId,
            ["pizzaName"] = pizza,
            ["quantity"] = quantity,
            ["customerFirstName"] = "Иван",
            ["customerLastName"] = "Иванов",
            ["customerPhone"] = "+79001234567",
            ["deliveryAddress"] = "ул. Ленина, д. 1",
            ["isPickup"] = false,
        };
        if (desiredTime is not null)
        {
            body["desiredTime"] = desiredTime;
        }

        return body;
    }

    /// <summary>POSTs an order to <c>/api/v1/orders</c>, with an idempotency key when given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient rest, Dictionary<string, object> body, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await rest.SendAsync(request, ct);
    }
}
