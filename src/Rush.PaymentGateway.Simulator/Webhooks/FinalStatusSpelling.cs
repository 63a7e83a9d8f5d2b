namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>How webhooks spell the two final outcomes (the gateway's API uses one, seed 002 expects the other).</summary>
public enum FinalStatusSpelling
{
    /// <summary><c>completed</c> / <c>failed</c> (the gateway's default).</summary>
    Lowercase,

    /// <summary><c>CONFIRMED</c> / <c>FAILED</c> (what seed 002's handler matches).</summary>
    Uppercase,
}
