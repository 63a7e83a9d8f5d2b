using Rush.PaymentGateway.Simulator.Api;

namespace Rush.PaymentGateway.Simulator.Faults;

/// <summary>
/// Internal errors and timeouts on any merchant API call, before the call does anything: the failures a
/// circuit breaker in front of the gateway must count.
/// </summary>
public sealed class ApiFaultFilter(FaultSwitch faults, TimeProvider clock) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (faults.Roll(f => f.InternalErrorProbability))
        {
            return GatewayResults.Error(GatewayError.Internal());
        }

        if (faults.Roll(f => f.TimeoutProbability))
        {
            // Hangs like an overloaded gateway; a client with a shorter timeout gives up first.
            await Task.Delay(TimeSpan.FromSeconds(faults.Read(f => f.TimeoutSeconds)), clock, context.HttpContext.RequestAborted);
            return GatewayResults.Error(GatewayError.Timeout());
        }

        return await next(context);
    }
}
