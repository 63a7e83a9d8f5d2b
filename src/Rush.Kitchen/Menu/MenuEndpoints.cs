using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Counters;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Kitchen.Menu;

/// <summary>The menu's REST routes: the whole menu (cached) and one item with its view count.</summary>
public static class MenuEndpoints
{
    /// <summary>View counter kind of menu items: Redis <c>views:menu:{id}</c>, Postgres <c>view_counters</c> kind 'menu'.</summary>
    public const string ViewKind = "menu";

    /// <summary>Maps <c>GET /api/v1/menu</c> and <c>GET /api/v1/menu/items/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapMenu(this IEndpointRouteBuilder endpoints)
    {
        // Public (no writes exist over HTTP; the menu is seeded and changed in Postgres): customers read it to order.
        // The JSON is built once per loaded menu (MenuCatalog), so a read is a memory copy.
        endpoints.MapGet("/api/v1/menu", async (MenuCatalog menu, HttpContext context) =>
            Results.Bytes(await menu.GetDocumentJsonAsync(context.RequestAborted), "application/json; charset=utf-8"))
            .RequireRateLimiting(KitchenRatePolicies.Menu)
            .WithTags("Menu").WithSummary("Pizzas (price, ingredients, make minutes, station) and extras.").Produces<MenuDocument>();
        endpoints.MapGet("/api/v1/menu/items/{id}", GetItemAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Menu").WithSummary("One pizza or extra with its view count; counts one view.")
            .Produces<MenuItemDocument>().ProducesProblemCodes(404, "menu_item_not_found");
        return endpoints;
    }

    private static async Task<IResult> GetItemAsync(string id, MenuCatalog catalog, ViewCounters views, HttpContext context)
    {
        var menu = await catalog.GetAsync(context.RequestAborted);
        var pizza = menu.Pizzas.FirstOrDefault(p => p.Id == id);
        var extra = pizza is null ? menu.Extras.FirstOrDefault(e => e.Id == id) : null;
        if (pizza is null && extra is null)
        {
            return Problem.Result(context, 404, "menu_item_not_found", $"There is no item '{id}' on the menu.");
        }

        await views.IncrementAsync(ViewKind, id, context.RequestAborted);
        var total = await views.GetTotalAsync(ViewKind, id, context.RequestAborted);
        return Results.Json(new MenuItemDocument(pizza, extra, total), KitchenJson.Api.MenuItemDocument);
    }
}
