using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Counters;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;
using Rush.Ticketing.Paging;

namespace Rush.Ticketing.Events;

/// <summary>Public events routes of seed 002: <c>GET /api/events</c>, <c>/api/events/search</c>, <c>/api/events/{id}</c>.</summary>
public static class EventEndpoints
{
    /// <summary>View counter kind of events: Redis <c>views:event:{id}</c>, read at <c>/api/v1/views/event/{id}</c>.</summary>
    public const string ViewKind = "event";

    /// <summary>Maps the events routes.</summary>
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", ListAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Events").WithSummary("Events (?type=&provider=&date_from=&date_to=&query=&page=&pageSize=, at most 20 a page).")
            .Produces<IReadOnlyList<EventView>>().ProducesProblemCodes(400, "invalid_page", "invalid_page_size", "invalid_date", "date_out_of_range", "invalid_date_range");
        endpoints.MapGet("/api/events/search", SearchAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Events").WithSummary("Full-text search (?q=, Russian and English).")
            .Produces<IReadOnlyList<EventView>>().ProducesProblemCodes(400, "missing_query", "invalid_page", "invalid_page_size");
        endpoints.MapGet("/api/events/{id}", FindAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Events").Produces<EventView>().ProducesProblemCodes(400, "invalid_id").ProducesProblemCodes(404, "event_not_found");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, EventCatalog catalog)
    {
        var (filter, error) = EventQueryParser.ParseList(context.Request.Query);
        return error is not null
            ? Problem.Result(context, 400, error.Code, error.Detail)
            : Page(context, await catalog.ListAsync(filter!, context.RequestAborted));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, EventCatalog catalog)
    {
        var (text, page, pageSize, error) = EventQueryParser.ParseSearch(context.Request.Query);
        return error is not null
            ? Problem.Result(context, 400, error.Code, error.Detail)
            : Page(context, await catalog.SearchAsync(text!, page, pageSize, context.RequestAborted));
    }

    // Billetter v1.1: the body is the bare array; paging goes to the Link header (no X-Total-Count: counting
    // billions of archive rows is not cheap).
    private static IResult Page(HttpContext context, EventPage page)
    {
        PagingHeaders.Write(context, page.Page, page.PageSize, page.HasMore, total: null);
        return Results.Json(page.Events, EventsJson.Api.IReadOnlyListEventView);
    }

    private static async Task<IResult> FindAsync(HttpContext context, string id, EventCatalog catalog, ViewCounters views)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) || eventId < 1)
        {
            return Problem.Result(context, 400, "invalid_id", "The event id must be a positive whole number.");
        }

        var found = await catalog.FindAsync(eventId, context.RequestAborted);
        if (found is not null)
        {
            await views.IncrementAsync(ViewKind, id, context.RequestAborted);
        }

        return found is null
            ? Problem.Result(context, 404, "event_not_found", $"There is no event {eventId}.")
            : Results.Json(found, EventsJson.Api.EventView);
    }
}
