using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using Rush.Platform.RateLimiting;

namespace Rush.Ticketing.Analytics;

/// <summary><c>GET /api/analytics?id=</c> (seed 002): seats and bookings of one event for anyone, revenue for operators only.</summary>
public static class AnalyticsEndpoints
{
    /// <summary>Maps the analytics route.</summary>
    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        // Public (seed 002: seat counts are what a buyer sees on the seat map anyway); revenue only with the Operator policy.
        endpoints.MapGet("/api/analytics", GetAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Events").WithSummary("Sales and views of one event (?id=); revenue only for operators.")
            .Produces<EventStats>().ProducesProblemCodes(400, "invalid_id").ProducesProblemCodes(404, "event_not_found");
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpContext context, EventAnalytics analytics, IAuthorizationService authorization)
    {
        var id = context.Request.Query["id"].ToString();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) || eventId < 1)
        {
            return Problem.Result(context, 400, "invalid_id", "Give the event: /api/analytics?id=1 (a positive whole number).");
        }

        var stats = await analytics.ForEventAsync(eventId, context.RequestAborted);
        if (stats is null)
        {
            return Problem.Result(context, 404, "event_not_found", $"There is no event {eventId}.");
        }

        var operatorAsks = (await authorization.AuthorizeAsync(context.User, RushPolicies.Operator)).Succeeded;
        return Results.Json(operatorAsks ? stats : stats.WithoutRevenue(), AnalyticsJson.Default.EventStats);
    }
}
