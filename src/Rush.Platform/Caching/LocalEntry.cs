namespace Rush.Platform.Caching;

/// <summary>A value in one instance's memory (L1) with the three instants that decide how it may be used.</summary>
/// <param name="Value">The deserialized value, shared by every reader (treat it as immutable).</param>
/// <param name="ExpiresAt">Logical expiry, the same on every instance (it comes from the Redis envelope).</param>
/// <param name="FailSafeUntil">Until when it may still be served as a stale fallback.</param>
/// <param name="LocalUntil">Until when this instance serves it without looking at Redis.</param>
internal sealed record LocalEntry(object Value, DateTimeOffset ExpiresAt, DateTimeOffset FailSafeUntil, DateTimeOffset LocalUntil)
{
    /// <summary>An entry for a value that is fresh until <paramref name="expiresAt"/> (maybe already past), read at <paramref name="now"/>.</summary>
    /// <remarks>Memory never outlives freshness: an entry loaded 1 s before expiry is kept locally for 1 s, not LocalDuration.</remarks>
    public static LocalEntry Create(object value, DateTimeOffset expiresAt, DateTimeOffset now, CacheEntryOptions options)
    {
        var localUntil = now + options.LocalDuration;
        return new LocalEntry(value, expiresAt, expiresAt + options.FailSafeWindow, localUntil < expiresAt ? localUntil : expiresAt);
    }

    /// <summary>True when a reader may take the value from memory without asking Redis.</summary>
    public bool ServesLocally(DateTimeOffset now) => now < LocalUntil;

    /// <summary>True while the value is fresh (not yet a fallback).</summary>
    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>True while the value may still be served as a fallback.</summary>
    public bool CanFailSafe(DateTimeOffset now) => now < FailSafeUntil;

    /// <summary>
    /// The same value reused as a stale fallback: served from memory for <see cref="CacheEntryOptions.LocalDuration"/> so a
    /// failing origin is not retried on every request (but never past the fail-safe window).
    /// </summary>
    public LocalEntry ThrottledFallback(DateTimeOffset now, CacheEntryOptions options)
    {
        var localUntil = now + options.LocalDuration;
        return this with { LocalUntil = localUntil < FailSafeUntil ? localUntil : FailSafeUntil };
    }

    /// <summary>The same value after an invalidation: no longer fresh nor served from memory, still a fallback.</summary>
    public LocalEntry Expired(DateTimeOffset now) => this with
    {
        ExpiresAt = ExpiresAt < now ? ExpiresAt : now,
        LocalUntil = DateTimeOffset.MinValue,
    };
}
