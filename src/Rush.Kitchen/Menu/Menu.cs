namespace Rush.Kitchen.Menu;

/// <summary>An ingredient of a pizza with its dosage (e.g. mozzarella 120 g).</summary>
public sealed record Ingredient(string Name, decimal Dosage, string Unit);

/// <summary>A pizza (or any dish) on the menu, with what the kitchen needs to make it.</summary>
public sealed record Pizza(string Id, string Name, decimal Price, int MakeMinutes, string Station, IReadOnlyList<Ingredient> Ingredients);

/// <summary>An extra a customer may add to a pizza.</summary>
public sealed record Extra(string Id, string Name, decimal Price);

/// <summary>The whole menu; lookups by name ignore case and surrounding spaces.</summary>
public sealed class Menu(IReadOnlyList<Pizza> pizzas, IReadOnlyList<Extra> extras)
{
    private readonly Dictionary<string, Pizza> _pizzas = Index(pizzas, p => p.Name, p => p.Id);
    private readonly Dictionary<string, Extra> _extras = Index(extras, e => e.Name, e => e.Id);

    /// <summary>All pizzas.</summary>
    public IReadOnlyList<Pizza> Pizzas { get; } = pizzas;

    /// <summary>All extras.</summary>
    public IReadOnlyList<Extra> Extras { get; } = extras;

    /// <summary>Finds a pizza by name or id.</summary>
    public Pizza? FindPizza(string nameOrId) => _pizzas.GetValueOrDefault(nameOrId.Trim());

    /// <summary>Finds an extra by name or id.</summary>
    public Extra? FindExtra(string nameOrId) => _extras.GetValueOrDefault(nameOrId.Trim());

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> name, Func<T, string> id)
    {
        var index = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            index.TryAdd(name(item), item);
            index.TryAdd(id(item), item);
        }

        return index;
    }
}
