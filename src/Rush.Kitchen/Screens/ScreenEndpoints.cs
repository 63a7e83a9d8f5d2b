using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Http;

namespace Rush.Kitchen.Screens;

/// <summary>Maps the screen hubs <c>/ws/kds</c> and <c>/ws/erp</c> (protocol: SCREENS.md); the host must call <c>UseWebSockets()</c>.</summary>
public static class ScreenEndpoints
{
    /// <summary>Maps both hubs.</summary>
    public static IEndpointRouteBuilder MapScreens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws/kds", context => ServeAsync(context, ScreenHubKind.Kds));
        endpoints.Map("/ws/erp", context => ServeAsync(context, ScreenHubKind.Erp));
        return endpoints;
    }

    private static async Task ServeAsync(HttpContext context, ScreenHubKind hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problem.Result(context, 400, "websocket_required", "This is a WebSocket endpoint (see SCREENS.md).").ExecuteAsync(context);
            return;
        }

        var sinceText = context.Request.Query["since"].ToString();
        long since = 0;
        if (sinceText.Length > 0 && (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since) || since < 0))
        {
            await Problem.Result(context, 400, "invalid_since", "since must be the last seq the screen saw (a non-negative integer).").ExecuteAsync(context);
            return;
        }

        // The station filter is KDS only (SCREENS.md); the ERP dashboard always sees whole orders.
        var station = hub == ScreenHubKind.Kds ? context.Request.Query["station"].ToString() : "";
        var feed = context.RequestServices.GetRequiredService<ScreenFeed>();
        await feed.ServeAsync(context, hub, since, station.Length == 0 ? null : station);
    }
}
