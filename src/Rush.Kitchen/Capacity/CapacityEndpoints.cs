using Rush.Platform.RateLimiting;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using StackExchange.Redis;

namespace Rush.Kitchen.Capacity;

/// <summary>Kitchen load routes: <c>GET /api/v1/kitchen/wait-quote</c> and <c>GET /api/v1/kitchen/slots?date=</c>.</summary>
public static class CapacityEndpoints
{
    /// <summary>How far from today a day's slots may be asked for (loads of older days have expired anyway).</summary>
    public const int MaxDaysAway = 366;

    /// <summary>Registers the capacity services.</summary>
    public static IServiceCollection AddKitchenCapacity(this IServiceCollection services)
    {
        services.AddSingleton<SlotLoadReader>();
        services.AddSingleton<KitchenBacklog>();
        services.AddSingleton<KitchenCapacity>();
        return services;
    }

    /// <summary>Maps the capacity routes.</summary>
    public static IEndpointRouteBuilder MapKitchenCapacity(this IEndpointRouteBuilder endpoints)
    {
        // Public: the shop shows customers how long an order takes now (no order or customer data in it).
        endpoints.MapGet("/api/v1/kitchen/wait-quote", QuoteAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Kitchen capacity").WithSummary("Wait quote from the queue and slot loads.")
            .Produces<WaitQuote>().ProducesProblemCodes(503, "unavailable");

        // The kitchen's planning view (every slot's load): staff only.
        endpoints.MapGet("/api/v1/kitchen/slots", SlotsAsync).RequireAuthorization(RushPolicies.Kitchen).RequireRateLimiting(KitchenRatePolicies.Screens)
            .WithTags("Kitchen capacity").WithSummary("Per-slot utilisation (price and make minutes) of one day (?date=YYYY-MM-DD).")
            .Produces<DaySlots>().ProducesProblemCodes(400, "invalid_date", "date_out_of_range").ProducesProblemCodes(503, "unavailable");
        return endpoints;
    }

    private static async Task<IResult> QuoteAsync(HttpContext context, KitchenCapacity capacity)
    {
        try
        {
            return Results.Json(await capacity.QuoteAsync(context.RequestAborted), KitchenJson.Api.WaitQuote);
        }
        catch (RedisException)
        {
            return LoadsUnavailable(context);
        }
    }

    private static async Task<IResult> SlotsAsync(HttpContext context, KitchenCapacity capacity)
    {
        var date = capacity.Today;
        if (context.Request.Query.TryGetValue("date", out var values))
        {
            if (values.Count != 1 || !DateOnly.TryParseExact(values[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return Problem.Result(context, 400, "invalid_date", "date must be one kitchen-local date as YYYY-MM-DD.");
            }

            if (Math.Abs(date.DayNumber - capacity.Today.DayNumber) > MaxDaysAway)
            {
                return Problem.Result(context, 400, "date_out_of_range", $"date must lie within {MaxDaysAway} days of today ({capacity.Today:yyyy-MM-dd}).");
            }
        }

        try
        {
            return Results.Json(await capacity.DayAsync(date), KitchenJson.Api.DaySlots);
        }
        catch (RedisException)
        {
            return LoadsUnavailable(context);
        }
    }

    // Timeouts (RedisTimeoutException is a TimeoutException) already become 503 in the host's handler.
    private static IResult LoadsUnavailable(HttpContext context) =>
        Problem.Result(context, 503, "unavailable", "Slot loads cannot be read right now; try again shortly.");
}
