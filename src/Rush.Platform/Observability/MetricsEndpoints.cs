using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rush.Platform.Observability;

/// <summary>Maps <c>GET /metrics</c> (Prometheus text format) and <c>GET /api/v1/ops/summary</c> (the ops page's figures).</summary>
public static class MetricsEndpoints
{
    /// <summary>Maps both routes.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/metrics", (MetricsCollector metrics) =>
            Results.Text(PrometheusTextFormat.Write(metrics.Collect().Concat(ProcessMetrics.Collect())), PrometheusTextFormat.ContentType))
            .ExcludeFromDescription();
        endpoints.MapGet("/api/v1/ops/summary", (HttpContext context, OpsWindow window) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(window.Summarize());
        }).WithTags("Operations").WithSummary("This instance over the last minute (the /ops page).").Produces<OpsSummary>();
        return endpoints;
    }
}
