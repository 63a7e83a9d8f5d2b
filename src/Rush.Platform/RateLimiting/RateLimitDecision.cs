namespace Rush.Platform.RateLimiting;

/// <summary>The answer for one request: allowed or not, what is left, and when quota comes back.</summary>
/// <param name="Allowed">True when the request may proceed.</param>
/// <param name="Remaining">Requests still allowed in the window after this one.</param>
/// <param name="Reset">Allowed: until the window's quota is reset. Refused: until a request would be allowed (Retry-After).</param>
/// <param name="Store">Redis (shared) or the local fallback.</param>
public readonly record struct RateLimitDecision(bool Allowed, long Remaining, TimeSpan Reset, RateLimitStore Store);
