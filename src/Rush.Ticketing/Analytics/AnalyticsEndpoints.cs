using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Ticketing.Analytics;

/// <summary><c>GET /api/analytics?id=</c> (seed 002, public): seats, revenue and bookings of one event.</summary>
public static class AnalyticsEndpoints
{
    /// <summary>Maps the analytics route.</summary>
    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/analytics", GetAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Events").WithSummary("Sales and views of one event (?id=).")
            .Produces<EventStats>().ProducesProblemCodes(400, "invalid_id").ProducesProblemCodes(404, "event_not_found");
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpContext context, EventAnalytics analytics)
    {
        var id = context.Request.Query["id"].ToString();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) || eventId < 1)
        {
            return Problem.Result(context, 400, "invalid_id", "Give the event: /api/analytics?id=1 (a positive whole number).");
        }

        var stats = await analytics.ForEventAsync(eventId, context.RequestAborted);
        return stats is null
            ? Problem.Result(context, 404, "event_not_found", $"There is no event {eventId}.")
            : Results.Json(stats, AnalyticsJson.Default.EventStats);
    }
}
