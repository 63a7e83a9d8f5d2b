using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;
using Rush.Platform.Http;

namespace Rush.Kitchen.Workflow;

/// <summary><c>GET /api/v1/erp/orders/active[?status=cooking][&amp;station=oven][&amp;limit=N]</c>: the snapshot a screen loads.</summary>
public static class ActiveOrdersEndpoint
{
    /// <summary>Orders returned when no <c>limit</c> is given.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>Largest <c>limit</c>: a screen that needs more is showing a kitchen no cook can read.</summary>
    public const int MaxLimit = 5000;

    /// <summary>Validates the query and answers the snapshot.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, ActiveOrderQueries queries, MenuCatalog menu, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(menu);
        var query = context.Request.Query;
        var statuses = new List<string>();

        // status=cooking, status=preparing,cooking and status=preparing&status=cooking all work.
        foreach (var text in query["status"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)))
        {
            if (OrderStatus.Parse(text) is not { } status || !OrderStatus.Active.Contains(status))
            {
                return Problem.Result(context, 400, "invalid_status", $"'{text}' is not an active order status.",
                    new Dictionary<string, object?> { ["allowed"] = OrderStatus.Active });
            }

            statuses.Add(status);
        }

        string? station = null;
        if (query.TryGetValue("station", out var stationValues))
        {
            var stations = (await menu.GetAsync(context.RequestAborted)).Pizzas.Select(p => p.Station).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            station = stationValues.Count == 1 ? stations.Find(s => string.Equals(s, stationValues[0]?.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
            if (station is null)
            {
                return Problem.Result(context, 400, "unknown_station", $"'{stationValues}' is not one station of the menu.",
                    new Dictionary<string, object?> { ["allowed"] = stations });
            }
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitValues)
            && (limitValues.Count != 1 || !int.TryParse(limitValues[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problem.Result(context, 400, "invalid_limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var (orders, truncated) = await queries.FindAsync(clock.GetUtcNow(), statuses.Distinct().ToList(), station, limit, context.RequestAborted);
        return Results.Json(new ActiveOrders(orders.ConvertAll(OrderView.From), truncated), KitchenJson.Api.ActiveOrders);
    }
}
