using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Caching;

/// <summary>Settings shared by every cached call site (section <c>Cache</c>); per-entry lifetimes are in <see cref="CacheEntryOptions"/>.</summary>
public sealed class CacheOptions
{
    /// <summary>Longest wait for one Redis operation (L2 read/write) before the cache treats Redis as failed and goes to the origin or the stale value.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a Redis failure, how long the cache stops asking Redis (L2, backplane) and works from memory and the origin.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RedisCircuitBreak { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries kept in each instance's memory (each entry counts 1); past it the memory cache compacts.</summary>
    [Range(16, 10_000_000)]
    public int MaxLocalEntries { get; set; } = 10_000;
}
