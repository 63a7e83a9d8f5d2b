namespace Rush.Platform.RateLimiting;

/// <summary>Where a decision was made.</summary>
public enum RateLimitStore
{
    /// <summary>Shared by every instance through Redis.</summary>
    Redis,

    /// <summary>This instance's in-process fallback (Redis unreachable).</summary>
    Local,
}
