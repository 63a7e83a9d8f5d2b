using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Caching;

/// <summary>Settings shared by every cached call site (section <c>Cache</c>); per-entry lifetimes are in <see cref="CacheEntryOptions"/>.</summary>
public sealed class CacheOptions
{
    /// <summary>Pub/sub channel on which invalidations reach every instance.</summary>
    [Required]
    [RegularExpression("^[a-z0-9:._-]+$")]
    public string InvalidationChannel { get; set; } = "cache:invalidate";

    /// <summary>How often an instance waiting for another instance's load looks for the value in Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest wait for one Redis command before the cache treats Redis as failed (and goes to the origin or the stale value).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries kept in each instance's memory before dead ones are swept.</summary>
    [Range(16, 10_000_000)]
    public int MaxLocalEntries { get; set; } = 10_000;
}
