namespace Rush.Ticketing.Gateway;

/// <summary>
/// A gateway call that did not succeed: an error answer (<see cref="ErrorCode"/> is the gateway's code, e.g.
/// 1001, 2409) or no usable answer at all (<c>timeout</c>, <c>transport</c>, <c>bad_response</c>).
/// </summary>
public sealed class PaymentGatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PaymentGatewayException(string errorCode, int? statusCode, bool isTransient, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>The gateway's error code, or <c>timeout</c> / <c>transport</c> / <c>bad_response</c> / <c>http_NNN</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>HTTP status of the answer; null when none arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// True when the gateway itself failed (no answer, 5xx, timeout, rate limit): what a circuit breaker counts.
    /// False for answers about the request (bad token, duplicate, already confirmed), which a healthy gateway gives.
    /// </summary>
    public bool IsTransient { get; }
}
