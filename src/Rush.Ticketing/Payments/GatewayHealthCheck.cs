using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Payments;

/// <summary>Readiness entry <c>gateway</c>: can the payment gateway be reached, and what its circuit breaker says.</summary>
/// <remarks>
/// The entry tells the truth: a gateway that does not accept a TCP connection is <c>unhealthy</c> (an
/// absent gateway used to read healthy, because only the breaker was asked and it had seen no calls);
/// a reachable gateway the breaker has opened on is <c>degraded</c>. The connection probe sends no
/// request (a real gateway has no health route for merchants) and costs the gateway nothing but a
/// handshake. The instance itself stays serving (kitchen, bookings, holds, webhooks): the check carries
/// <c>has-fallback</c>, so /health/ready reads <c>degraded</c>, not 503 (HealthEndpoints.Overall).
/// </remarks>
public sealed class GatewayHealthCheck(GatewayBreaker breaker, IOptions<PaymentGatewayOptions> options) : IHealthCheck
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await ReachableAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("unreachable; payments refused");
        }

        var status = breaker.Status();
        return status.State == "Open"
            ? HealthCheckResult.Degraded($"circuit breaker open after {status.FailureCount} failures; payments refused")
            : HealthCheckResult.Healthy($"circuit breaker {status.State.ToLowerInvariant()}");
    }

    private async Task<bool> ReachableAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(options.Value.BaseUrl, UriKind.Absolute, out var gateway))
        {
            return false;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(gateway.Host, gateway.Port, attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
