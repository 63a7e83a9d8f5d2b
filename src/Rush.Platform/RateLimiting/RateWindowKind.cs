namespace Rush.Platform.RateLimiting;

/// <summary>How a policy counts requests over time.</summary>
public enum RateWindowKind
{
    /// <summary>Seed 004: a counter that starts with the first request and expires after the window (INCR + EXPIRE).</summary>
    Fixed,

    /// <summary>Two-window weighted counter: the previous window's count fades out linearly, which smooths the burst a fixed window allows at its edge.</summary>
    Sliding,
}
