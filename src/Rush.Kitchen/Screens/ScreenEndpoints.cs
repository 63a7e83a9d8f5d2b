using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Observability;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using Rush.Platform.RateLimiting;
using StackExchange.Redis;

namespace Rush.Kitchen.Screens;

/// <summary>Maps the screen hubs <c>/ws/kds</c> and <c>/ws/erp</c> (protocol: SCREENS.md); the host must call <c>UseWebSockets()</c>.</summary>
public static partial class ScreenEndpoints
{
    /// <summary>Close status for a screen that should come back shortly (1013 Try Again Later).</summary>
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>Maps both hubs.</summary>
    public static IEndpointRouteBuilder MapScreens(this IEndpointRouteBuilder endpoints)
    {
        // Signed-in staff only (cookie from the screens' sign-in, or a bearer token); the ERP hub carries contact data.
        endpoints.Map("/ws/kds", context => ConnectAsync(context, ScreenHubKind.Kds)).RequireAuthorization(RushPolicies.Kitchen).RequireRateLimiting(KitchenRatePolicies.Screens);
        endpoints.Map("/ws/erp", context => ConnectAsync(context, ScreenHubKind.Erp)).RequireAuthorization(RushPolicies.Erp).RequireRateLimiting(KitchenRatePolicies.Screens);
        return endpoints;
    }

    private static async Task ConnectAsync(HttpContext context, ScreenHubKind hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problem.Result(context, 400, "websocket_required", "This is a WebSocket endpoint (see SCREENS.md).").ExecuteAsync(context);
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<ScreensOptions>>().Value;
        if (!ScreenOrigin.IsAllowed(context.Request, options.AllowedOrigins))
        {
            await Problem.Result(context, 403, "origin_not_allowed", "Screens may only be opened from this host's own pages or a configured origin.").ExecuteAsync(context);
            return;
        }

        var sinceText = context.Request.Query["since"].ToString();
        long since = 0;
        if (sinceText.Length > 0 && !long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            await Problem.Result(context, 400, "invalid_since", "since must be the last seq the screen saw (a non-negative integer).").ExecuteAsync(context);
            return;
        }

        var services = context.RequestServices;
        var connections = services.GetRequiredService<ScreenConnections>();
        var who = RushClaims.ScopeOf(context.User) is var scope && scope != "anon" ? scope : RatePartition.Ip(context.Connection.RemoteIpAddress);
        if (connections.TryEnter(who, options) is { } refusal)
        {
            // Refused before the upgrade, so the screen sees an HTTP status and a problem body, and
            // a flood of sockets never gets as far as the snapshot read.
            context.Response.Headers.RetryAfter = "5";
            await (refusal == ScreenRefusal.ClientFull
                ? Problem.Result(context, 429, "too_many_screens", $"This client already has {options.MaxConnectionsPerClient} screens open.")
                : Problem.Result(context, 503, "screens_full", "This instance has as many screens open as it serves; retry shortly.")).ExecuteAsync(context);
            return;
        }

        try
        {
            var feed = services.GetRequiredService<ScreenFeed>();
            if (!await feed.WaitSubscribedAsync(options.JoinTimeout, context.RequestAborted))
            {
                await Problem.Result(context, 503, "unavailable", "The screen feed is not connected to Redis yet; retry shortly.").ExecuteAsync(context);
                return;
            }

            // The station filter is KDS only (SCREENS.md); the ERP dashboard always sees whole orders.
            var station = hub == ScreenHubKind.Kds ? context.Request.Query["station"].ToString() : "";
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var client = new ScreenClient(socket, station.Length == 0 ? null : station, options.SendQueueSize, kitchenView: hub == ScreenHubKind.Kds);
            await ServeAsync(context, feed.Hub(hub), client, since, services.GetRequiredService<ScreenJoin>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ScreenEndpoints)));
        }
        finally
        {
            connections.Leave(who);
        }
    }

    // Register first, then read what the screen missed: from the moment it is registered every new
    // message is queued for it, so the replay or snapshot and the queue overlap (skipped by seq) but
    // never leave a hole between them.
    private static async Task ServeAsync(HttpContext context, ScreenHub hub, ScreenClient client, long since, ScreenJoin join, ILogger log)
    {
        var ct = context.RequestAborted;
        var hubTag = new KeyValuePair<string, object?>("hub", hub.Kind.Name());
        KitchenMetrics.ScreenClients.Add(1, hubTag);
        hub.Add(client);
        try
        {
            var start = await join.ResolveAsync(hub.Kind, since, client.Station, ct);
            foreach (var frame in start.Frames)
            {
                await client.SendAsync(frame, ct);
            }

            client.Covered(start.Seq);
            await client.RunAsync(ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogJoinFailed(log, hub.Kind, e.Message);
            client.Close(TryAgainLater, "try again later");
            await client.RunAsync(ct);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // The screen went away while joining.
        }
        finally
        {
            hub.Remove(client);
            KitchenMetrics.ScreenClients.Add(-1, hubTag);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screen on hub {Hub} could not be started (Redis): {Reason}")]
    private static partial void LogJoinFailed(ILogger log, ScreenHubKind hub, string reason);
}
