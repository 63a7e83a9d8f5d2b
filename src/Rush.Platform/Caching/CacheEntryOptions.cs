using ZiggyCreatures.Caching.Fusion;

namespace Rush.Platform.Caching;

/// <summary>How one call site caches its value: lifetimes, fail-safe window and origin timeouts.</summary>
/// <remarks>
/// One instance per call site (a static field), not per request. The cached value is fresh for
/// <see cref="Duration"/>; each instance keeps it in memory for at most <see cref="LocalDuration"/>
/// before looking at Redis again; after <see cref="Duration"/> it may still be served as a stale
/// fallback for <see cref="FailSafeWindow"/> when Redis or the origin fails. <see cref="ToFusion"/>
/// says which FusionCache option carries each of these.
/// </remarks>
/// <param name="Name">Short, low-cardinality name of the call site, e.g. "menu": the metric tag <c>cache</c> (never the key).</param>
/// <param name="Duration">How long a loaded value is fresh (seed 004: the menu 60 s; seed 002: events 1 h).</param>
public sealed record CacheEntryOptions(string Name, TimeSpan Duration)
{
    /// <summary>How long an instance serves the value from memory before asking Redis; also how long a stale fallback is reused before the origin is tried again.</summary>
    public TimeSpan LocalDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after <see cref="Duration"/> the last good value may still be served when Redis or the origin fails.</summary>
    public TimeSpan FailSafeWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>With a stale value at hand, how long a caller waits for the origin before it gets the stale value (the load goes on in the background).</summary>
    public TimeSpan SoftTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the origin (including waiting for another instance's load) may take; past it a caller without a stale value gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan HardTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> when the settings contradict each other.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A cache call site needs a short name (the metric tag).", nameof(Name));
        }

        if (Duration <= TimeSpan.Zero || LocalDuration <= TimeSpan.Zero || FailSafeWindow < TimeSpan.Zero)
        {
            throw new ArgumentException($"Cache '{Name}': Duration and LocalDuration must be positive, FailSafeWindow not negative.");
        }

        if (SoftTimeout <= TimeSpan.Zero || HardTimeout < SoftTimeout)
        {
            throw new ArgumentException($"Cache '{Name}': SoftTimeout must be positive and not longer than HardTimeout.");
        }
    }

    /// <summary>The FusionCache entry options that implement these settings; <paramref name="redisTimeout"/> bounds each Redis operation.</summary>
    public FusionCacheEntryOptions ToFusion(TimeSpan redisTimeout)
    {
        Validate();
        return new FusionCacheEntryOptions
        {
            Duration = Duration,
            MemoryCacheDuration = LocalDuration < Duration ? LocalDuration : Duration,

            // FusionCache keeps an entry (memory and Redis) until FailSafeMaxDuration, counted from the load.
            IsFailSafeEnabled = FailSafeWindow > TimeSpan.Zero,
            FailSafeMaxDuration = Duration + FailSafeWindow,
            FailSafeThrottleDuration = LocalDuration,

            FactorySoftTimeout = SoftTimeout,
            FactoryHardTimeout = HardTimeout,
            AllowTimedOutFactoryBackgroundCompletion = true,

            // Waiting for another caller's load (memory lock) or another instance's (Redis lock) counts against the hard timeout too.
            LockTimeout = HardTimeout,
            DistributedCacheSoftTimeout = redisTimeout,
            DistributedCacheHardTimeout = redisTimeout,
            Size = 1,
        };
    }
}
