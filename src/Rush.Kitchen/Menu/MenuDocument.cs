namespace Rush.Kitchen.Menu;

/// <summary>The menu as served by <c>GET /api/v1/menu</c> and cached in Redis.</summary>
public sealed record MenuDocument(string Currency, IReadOnlyList<Pizza> Pizzas, IReadOnlyList<Extra> Extras);
