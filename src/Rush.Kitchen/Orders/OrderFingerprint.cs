using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Rush.Kitchen.Orders;

/// <summary>The SHA-256 (hex) of a request's canonical form, stored with its idempotency key.</summary>
/// <remarks>
/// Canonical so that the same order has one fingerprint however it travels: REST and gRPC (which
/// sends "" for absent strings and [] for absent lists), the single-pizza form and a one-line
/// <c>items</c>, property order and whitespace of the JSON. Anything that changes the order
/// (pizzas, extras, quantities, customer, address, time) changes the fingerprint.
/// </remarks>
public static class OrderFingerprint
{
    /// <summary>The fingerprint of <paramref name="request"/>.</summary>
    public static string Of(CreateOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(request.CustomerId);
            json.WriteStartArray();
            foreach (var (name, quantity, extras) in Lines(request))
            {
                json.WriteStartArray();
                json.WriteStringValue(name);
                json.WriteNumberValue(quantity);
                foreach (var extra in extras)
                {
                    json.WriteStringValue(extra);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            foreach (var text in new[] { request.CustomerFirstName, request.CustomerLastName, request.CustomerPhone, request.DeliveryAddress, request.DesiredTime })
            {
                json.WriteStringValue(text ?? "");
            }

            json.WriteBooleanValue(request.IsPickup);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static IEnumerable<(string Name, int Quantity, IReadOnlyList<string> Extras)> Lines(CreateOrderRequest r) =>
        !string.IsNullOrEmpty(r.PizzaName)
            ? [(r.PizzaName, r.Quantity ?? 1, r.Extras ?? [])]
            : (r.Items ?? []).Select(i => (i.PizzaName ?? "", i.Quantity, (IReadOnlyList<string>)(i.Extras ?? [])));
}
