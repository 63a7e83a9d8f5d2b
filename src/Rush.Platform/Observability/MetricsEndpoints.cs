using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Identity;

namespace Rush.Platform.Observability;

/// <summary>Maps <c>GET /metrics</c> (Prometheus text format) and <c>GET /api/v1/ops/summary</c> (the ops page's figures).</summary>
public static class MetricsEndpoints
{
    /// <summary>Maps both routes; <c>/metrics</c> answers only on <paramref name="managementPort"/>.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints, int managementPort)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Prometheus only: the management port is bound to loopback by default (README "Security"); the
        // figures (order rates, slot loads, dependency states) are not for the public listener.
        endpoints.MapGet("/metrics", (MetricsCollector metrics) =>
            Results.Text(PrometheusTextFormat.Write(metrics.Collect().Concat(ProcessMetrics.Collect())), PrometheusTextFormat.ContentType))
            .RequireHost($"*:{managementPort}")
            .ExcludeFromDescription();
        endpoints.MapGet("/api/v1/ops/summary", (HttpContext context, OpsWindow window) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(window.Summarize());
        }).RequireAuthorization(RushPolicies.Operator);
        return endpoints;
    }
}
