namespace Rush.Ticketing.Payments;

/// <summary>The circuit breaker is open: the gateway is not called at all (answered as 503).</summary>
public sealed class GatewayUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GatewayUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the breaker's own exception.</summary>
    public GatewayUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
