using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rush.Platform.Health;

/// <summary>Maps <c>/health/live</c> (the process only) and <c>/health/ready</c> (every dependency).</summary>
/// <remarks>
/// Each entry tells the truth about its dependency; the overall status says whether this instance can
/// still serve: <c>unhealthy</c> (503) only when a dependency without a fallback is unhealthy (Postgres:
/// nothing can be acknowledged without it), <c>degraded</c> (200) when any dependency is not healthy but
/// a fallback covers it (Redis: Postgres slots, local limiter; broker: outbox; gateway: payments refused,
/// the rest serves). Pulling every instance out of a load balancer because a shared Redis is away would
/// turn a degraded service into none. See docs/architecture.md, "Degraded modes".
/// </remarks>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks that take part in readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the readiness checks whose dependency has a fallback: their failure degrades the instance, it does not take it out.</summary>
    public const string HasFallbackTag = "has-fallback";

    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Maps both health endpoints.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }

    /// <summary>
    /// The instance's status from its entries: unhealthy only when an entry without <see cref="HasFallbackTag"/>
    /// is unhealthy; degraded when anything else is not healthy.
    /// </summary>
    public static HealthStatus Overall(IEnumerable<(HealthStatus Status, IEnumerable<string> Tags)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var overall = HealthStatus.Healthy;
        foreach (var (status, tags) in entries)
        {
            if (status == HealthStatus.Unhealthy && !tags.Contains(HasFallbackTag))
            {
                return HealthStatus.Unhealthy;
            }

            if (status != HealthStatus.Healthy)
            {
                overall = HealthStatus.Degraded;
            }
        }

        return overall;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var status = Overall(report.Entries.Values.Select(e => (e.Status, e.Tags)));
        context.Response.StatusCode = status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var uptime = DateTime.Now - Process.GetCurrentProcess().StartTime;
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = status.ToString().ToLowerInvariant(),
            version = Version,
            uptimeSeconds = (long)uptime.TotalSeconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    // A check that threw has the exception's message as its description: never shown to anonymous callers.
                    description = e.Value.Exception is null ? e.Value.Description : "unreachable",
                    durationMs = e.Value.Duration.TotalMilliseconds,
                }),
        }, cancellationToken: context.RequestAborted);
    }
}
