using System.Globalization;
using System.Text.RegularExpressions;

namespace Rush.Kitchen.Orders;

/// <summary>A validated, priced order before it has a slot: pure logic, no servers.</summary>
/// <param name="Items">Priced lines.</param>
/// <param name="TotalPrice">Sum of the lines (seed: price x quantity, plus extras).</param>
/// <param name="MakeMinutes">Make-time minutes the kitchen needs (make minutes x quantity).</param>
/// <param name="DesiredTime">Time asked for, or null for as soon as possible.</param>
public sealed partial record OrderDraft(IReadOnlyList<OrderItem> Items, decimal TotalPrice, int MakeMinutes, DateTimeOffset? DesiredTime)
{
    /// <summary>Most pizzas of one line.</summary>
    public const int MaxQuantity = 50;

    /// <summary>Most lines per order.</summary>
    public const int MaxLines = 20;

    /// <summary>Validates and prices <paramref name="request"/>; throws <see cref="OrderRejectedException"/> listing every problem.</summary>
    public static OrderDraft Create(CreateOrderRequest request, Menu.Menu menu, DateTimeOffset now, int daysAhead)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(menu);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lines = Lines(request, errors);
        CheckCustomer(request, errors);
        var desired = Desired(request.DesiredTime, now, daysAhead, errors);
        if (errors.Count > 0)
        {
            throw new OrderRejectedException(RejectionKind.Invalid, "validation_failed", "The order has invalid fields.", errors);
        }

        var items = new List<OrderItem>(lines.Count);
        foreach (var (name, quantity, extraNames) in lines)
        {
            var pizza = menu.FindPizza(name)
                ?? throw new OrderRejectedException(RejectionKind.Invalid, "unknown_pizza", $"There is no pizza '{name}' on the menu.");
            var extras = extraNames.Select(e => menu.FindExtra(e)
                ?? throw new OrderRejectedException(RejectionKind.Invalid, "unknown_extra", $"There is no extra '{e}' on the menu.")).ToList();
            var unit = pizza.Price + extras.Sum(e => e.Price);
            items.Add(new OrderItem(pizza.Id, pizza.Name, quantity, extras.Select(e => e.Name).ToList(), unit, unit * quantity,
                pizza.MakeMinutes * quantity, pizza.Station, pizza.Ingredients));
        }

        return new OrderDraft(items, items.Sum(i => i.LinePrice), items.Sum(i => i.MakeMinutes), desired);
    }

    private static List<(string Name, int Quantity, IReadOnlyList<string> Extras)> Lines(CreateOrderRequest r, Dictionary<string, string[]> errors)
    {
        var single = !string.IsNullOrWhiteSpace(r.PizzaName);
        var many = r.Items is { Count: > 0 };
        if (single && many)
        {
            errors["items"] = ["Send either pizzaName/quantity or items, not both."];
            return [];
        }

        if (!single && !many)
        {
            errors["items"] = ["The order has no pizzas: send pizzaName and quantity, or items."];
            return [];
        }

        var lines = single
            ? [(r.PizzaName!, r.Quantity ?? 1, (IReadOnlyList<string>)(r.Extras ?? []))]
            : r.Items!.Select(i => (i.PizzaName ?? "", i.Quantity, (IReadOnlyList<string>)(i.Extras ?? []))).ToList();
        if (lines.Count > MaxLines)
        {
            errors["items"] = [$"At most {MaxLines} lines per order."];
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var field = single ? "" : $"items[{i}].";
            if (string.IsNullOrWhiteSpace(lines[i].Item1) || lines[i].Item1.Length > 100)
            {
                errors[field + "pizzaName"] = ["A pizza name of 1 to 100 characters is required."];
            }

            if (lines[i].Item2 is < 1 or > MaxQuantity)
            {
                errors[field + "quantity"] = [$"Quantity must be between 1 and {MaxQuantity}."];
            }

            if (lines[i].Item3.Count > 10 || lines[i].Item3.Any(e => string.IsNullOrWhiteSpace(e) || e.Length > 100))
            {
                errors[field + "extras"] = ["At most 10 extras, each a name of 1 to 100 characters."];
            }
        }

        return lines;
    }

    private static void CheckCustomer(CreateOrderRequest r, Dictionary<string, string[]> errors)
    {
        if (r.CustomerId < 0)
        {
            errors["customerId"] = ["customerId must not be negative."];
        }

        if (string.IsNullOrWhiteSpace(r.CustomerFirstName) || r.CustomerFirstName.Length > 100)
        {
            errors["customerFirstName"] = ["A first name of 1 to 100 characters is required."];
        }

        if (r.CustomerLastName is { Length: > 100 })
        {
            errors["customerLastName"] = ["The last name is longer than 100 characters."];
        }

        if (r.CustomerPhone is null || !Phone().IsMatch(r.CustomerPhone))
        {
            errors["customerPhone"] = ["The phone must be in international format, e.g. +79001234567."];
        }

        if (!r.IsPickup && string.IsNullOrWhiteSpace(r.DeliveryAddress))
        {
            errors["deliveryAddress"] = ["A delivery address is required unless isPickup is true."];
        }
        else if (r.DeliveryAddress is { Length: > 300 })
        {
            errors["deliveryAddress"] = ["The delivery address is longer than 300 characters."];
        }
    }

    private static DateTimeOffset? Desired(string? text, DateTimeOffset now, int daysAhead, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var desired))
        {
            errors["desiredTime"] = ["desiredTime must be an RFC 3339 time, e.g. 2026-02-06T16:00:00Z."];
            return null;
        }

        if (desired < now.AddMinutes(-1) || desired > now.AddDays(daysAhead))
        {
            errors["desiredTime"] = [$"desiredTime must lie between now and {daysAhead} days ahead."];
            return null;
        }

        return desired < now ? now : desired;
    }

    [GeneratedRegex(@"^\+?[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
