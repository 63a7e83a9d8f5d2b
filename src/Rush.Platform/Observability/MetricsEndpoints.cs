using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Identity;

namespace Rush.Platform.Observability;

/// <summary>Maps <c>GET /metrics</c> (the OpenTelemetry Prometheus exporter) and <c>GET /api/v1/ops/summary</c> (the ops page's figures).</summary>
/// <remarks>The one place <c>/metrics</c> is mapped, so its exposure (port, who may scrape) is decided here.</remarks>
public static class MetricsEndpoints
{
    /// <summary>Maps both routes; <c>/metrics</c> answers only on <paramref name="managementPort"/>.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints, int managementPort)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Prometheus only: the management port is bound to loopback by default (README "Security"); the
        // figures (order rates, slot loads, dependency states) are not for the public listener.
        endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{managementPort}").ExcludeFromDescription();
        endpoints.MapGet("/api/v1/ops/summary", (HttpContext context, OpsWindow window) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(window.Summarize());
        }).RequireAuthorization(RushPolicies.Operator)
            .WithTags("Operations").WithSummary("This instance over the last minute (the /ops page; operators).").Produces<OpsSummary>();
        return endpoints;
    }
}
