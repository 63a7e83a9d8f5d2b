using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rush.Kitchen.Capacity;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Workflow;

namespace Rush.Kitchen;

/// <summary>Source-generated JSON for everything the kitchen reads and writes (camelCase, as the REST API).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MenuDocument))]
[JsonSerializable(typeof(MenuItemDocument))]
[JsonSerializable(typeof(List<Ingredient>))]
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(CreateOrderResponse))]
[JsonSerializable(typeof(OrderView))]
[JsonSerializable(typeof(IReadOnlyList<OrderItem>))]
[JsonSerializable(typeof(StatusChangeRequest))]
[JsonSerializable(typeof(ItemBumpRequest))]
[JsonSerializable(typeof(ActiveOrders))]
[JsonSerializable(typeof(WaitQuote))]
[JsonSerializable(typeof(DaySlots))]
public sealed partial class KitchenJson : JsonSerializerContext
{
    /// <summary>The context Rush uses everywhere: like <see cref="Default"/> but writes Cyrillic as is, not as \\u escapes (bodies are application/json, never HTML).</summary>
    public static KitchenJson Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
