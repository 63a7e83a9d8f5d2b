namespace Rush.Platform.RateLimiting;

/// <summary>
/// The policies the platform declares itself, because routes of every module (and the platform's own)
/// use them. A module declares the policies only its routes use with
/// <see cref="RateLimitingModule.AddRatePolicy"/> (the kitchen: <c>menu</c>, <c>screens</c>).
/// </summary>
public static class RatePolicyNames
{
    /// <summary>Seed 003: anonymous public reads, 100 per minute per IP.</summary>
    public const string General = "general";

    /// <summary>
    /// Writes by a caller, per client: orders (REST and gRPC), bookings, seat holds, sessions, API keys.
    /// Its anonymous caps only bite where anonymous callers get in at all (the kitchen's public shop).
    /// </summary>
    public const string Intake = "intake";
}
