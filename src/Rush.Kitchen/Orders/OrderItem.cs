using Rush.Kitchen.Menu;

namespace Rush.Kitchen.Orders;

/// <summary>A priced order line as stored (jsonb) and shown to cooks.</summary>
public sealed record OrderItem(
    string PizzaId,
    string PizzaName,
    int Quantity,
    IReadOnlyList<string> Extras,
    decimal UnitPrice,
    decimal LinePrice,
    int MakeMinutes,
    string Station,
    IReadOnlyList<Ingredient> Ingredients,
    bool Done = false);
