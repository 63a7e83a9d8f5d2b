namespace Rush.Platform.Caching;

/// <summary>How one read was served: the <c>result</c> tag of <c>rush.cache.requests</c>.</summary>
public enum CacheResult
{
    /// <summary>Fresh, from this instance's memory (L1).</summary>
    HitLocal,

    /// <summary>Fresh, from Redis (L2), possibly after waiting for another instance's load.</summary>
    Hit,

    /// <summary>Loaded from the origin by this instance.</summary>
    Miss,

    /// <summary>The last good value, past its freshness, because Redis or the origin failed or was too slow (fail-safe).</summary>
    Stale,

    /// <summary>No value: the origin failed or timed out and no stale value was at hand.</summary>
    Error,
}
