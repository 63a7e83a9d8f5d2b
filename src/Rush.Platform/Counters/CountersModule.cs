using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Http;

namespace Rush.Platform.Counters;

/// <summary>Registers view counters and their flush worker; maps the generic read of a total.</summary>
public static class CountersModule
{
    /// <summary>Adds <see cref="ViewCounters"/> and <see cref="ViewCounterFlusher"/> (settings from section <c>Counters</c>).</summary>
    public static IServiceCollection AddCounters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CounterOptions>().Bind(configuration.GetSection("Counters")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ViewCounters>();
        services.AddSingleton<ViewCounterFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewCounterFlusher>());
        return services;
    }

    /// <summary>Maps <c>GET /api/v1/views/{kind}/{id}</c>: the total views of one item (read only; modules count views where items are read).</summary>
    public static IEndpointRouteBuilder MapCounters(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/views/{kind}/{id}", async (string kind, string id, ViewCounters views, HttpContext context) =>
        {
            if (ViewCounterKeys.Problem(kind, id) is { } problem)
            {
                return Problem.Result(context, 400, "invalid_counter", problem);
            }

            var total = await views.GetTotalAsync(kind, id, context.RequestAborted);
            return Results.Json(new ViewCount(kind, id, total), CountersJson.Default.ViewCount);
        }).WithTags("Counters").Produces<ViewCount>().ProducesProblemCodes(400, "invalid_counter");
        return endpoints;
    }
}
