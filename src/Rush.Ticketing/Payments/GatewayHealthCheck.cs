using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rush.Ticketing.Payments;

/// <summary>Readiness entry <c>gateway</c>: the payment gateway as the circuit breaker sees it (no extra calls to the gateway).</summary>
/// <remarks>
/// An open breaker is <c>degraded</c>, not unhealthy: the instance keeps serving (kitchen, bookings,
/// holds, webhooks) and must not be taken out of a load balancer because a third party is failing.
/// </remarks>
public sealed class GatewayHealthCheck(GatewayBreaker breaker) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = breaker.Status();
        return Task.FromResult(status.State == "Open"
            ? HealthCheckResult.Degraded($"circuit breaker open after {status.FailureCount} failures; payments refused")
            : HealthCheckResult.Healthy($"circuit breaker {status.State.ToLowerInvariant()}"));
    }
}
