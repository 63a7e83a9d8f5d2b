using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Rush.Platform.Observability;

/// <summary>Maps <c>GET /metrics</c> (the OpenTelemetry Prometheus exporter) and <c>GET /api/v1/ops/summary</c> (the ops page's figures).</summary>
/// <remarks>The one place <c>/metrics</c> is mapped, so its exposure (port, who may scrape) is decided here.</remarks>
public static class MetricsEndpoints
{
    /// <summary>Maps both routes.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        endpoints.MapGet("/api/v1/ops/summary", (HttpContext context, OpsWindow window) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(window.Summarize());
        });
        return endpoints;
    }
}
