using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Rush.Platform.Messaging;
using Rush.Platform.Redis;

namespace Rush.Platform.Health;

// The probes are anonymous (load balancers call them), so a failure is described by a fixed word; the
// exception (host names, ports, server messages) goes to the log through the health check service only.

/// <summary>Readiness of PostgreSQL: a <c>select 1</c> round trip.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var cmd = db.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("unreachable", e);
        }
    }
}

/// <summary>Readiness of Redis: a PING round trip (past the breaker, to see Redis itself), and the breaker's state.</summary>
/// <remarks>
/// Unreachable is <c>unhealthy</c> for this entry, but Redis has fallbacks (tag
/// <see cref="HealthEndpoints.HasFallbackTag"/>), so the instance as a whole reads <c>degraded</c>.
/// A PING that answers while the breaker is still open or probing is <c>degraded</c>: modules are on their
/// fallbacks until the breaker closes.
/// </remarks>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var rtt = await redis.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            var state = redis.Breaker.State;
            return state == Polly.CircuitBreaker.CircuitState.Closed
                ? HealthCheckResult.Healthy($"ping {rtt.TotalMilliseconds:0.###} ms")
                : HealthCheckResult.Degraded($"ping {rtt.TotalMilliseconds:0.###} ms; breaker {state.ToString().ToLowerInvariant()}, fallbacks in use");
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("unreachable", e);
        }
    }
}

/// <summary>Readiness of the event log broker: an open publishing channel.</summary>
public sealed class EventLogHealthCheck(IEventLog eventLog) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await eventLog.EnsureConnectedAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is EventLogUnavailableException or TimeoutException)
        {
            // Degraded, not unhealthy: intake keeps working and the outbox grows (docs/architecture.md, degraded modes).
            return HealthCheckResult.Degraded("unreachable", e);
        }
    }
}
