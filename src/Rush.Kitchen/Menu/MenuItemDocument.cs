namespace Rush.Kitchen.Menu;

/// <summary>The answer of <c>GET /api/v1/menu/items/{id}</c>: one pizza or one extra, and how often it was viewed.</summary>
/// <param name="Pizza">The pizza, when the id is a pizza's.</param>
/// <param name="Extra">The extra, when the id is an extra's.</param>
/// <param name="Views">All views of the item ever counted (this one included): Postgres plus Redis.</param>
public sealed record MenuItemDocument(Pizza? Pizza, Extra? Extra, long Views);
