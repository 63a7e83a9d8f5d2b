using Microsoft.Extensions.Options;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Caching;

/// <summary>The cache's Redis side (L2): entries, load locks and the scripts that keep them consistent.</summary>
/// <remarks>
/// Keys: <c>cache:{key}</c> holds the <see cref="CacheEnvelope"/> (physical TTL = duration + fail-safe
/// window); <c>lock:cache:{key}</c> is the load lock (<c>SET NX PX</c>, a random token, TTL = the entry's
/// hard timeout, so a crashed loader blocks others at most that long). Every call is bounded by
/// <see cref="CacheOptions.RedisTimeout"/>: a slow Redis counts as a failed one.
/// </remarks>
internal sealed class CacheStore(RedisConnection redis, IOptions<CacheOptions> options)
{
    private static readonly RedisScript Set = RedisScript.FromResource(typeof(CacheStore), "cache-set.lua");
    private static readonly RedisScript Unlock = RedisScript.FromResource(typeof(CacheStore), "cache-unlock.lua");
    private static readonly RedisScript Expire = RedisScript.FromResource(typeof(CacheStore), "cache-expire.lua");

    private TimeSpan Timeout => options.Value.RedisTimeout;

    /// <summary>The Redis key of the entry for <paramref name="key"/>.</summary>
    public static string EntryKey(string key) => "cache:" + key;

    /// <summary>The Redis key of the load lock for <paramref name="key"/>.</summary>
    public static string LockKey(string key) => "lock:cache:" + key;

    /// <summary>The stored entry, or null when there is none (or it is not a cache envelope).</summary>
    public async Task<CacheEnvelope?> ReadAsync(string key) =>
        CacheEnvelope.Decode((byte[]?)await redis.Database.StringGetAsync(EntryKey(key)).WaitAsync(Timeout));

    /// <summary>Takes the load lock with <paramref name="token"/> for <paramref name="ttl"/>; false when another loader holds it.</summary>
    public Task<bool> TryLockAsync(string key, string token, TimeSpan ttl) =>
        redis.Database.StringSetAsync(LockKey(key), token, ttl, When.NotExists).WaitAsync(Timeout);

    /// <summary>Stores <paramref name="envelope"/> and releases the lock, if the lock is still ours (cache-set.lua).</summary>
    public async Task<bool> StoreAsync(string key, string token, CacheEnvelope envelope, TimeSpan physicalTtl)
    {
        RedisKey[] keys = [EntryKey(key), LockKey(key)];
        RedisValue[] args = [token, envelope.Encode(), (long)physicalTtl.TotalMilliseconds];
        return (long)await Set.EvaluateAsync(redis.Database, keys, args).WaitAsync(Timeout) == 1;
    }

    /// <summary>Releases the lock after a failed load, if it is still ours.</summary>
    public Task UnlockAsync(string key, string token) =>
        Unlock.EvaluateAsync(redis.Database, [LockKey(key)], [token]).WaitAsync(Timeout);

    /// <summary>Marks the entry expired as of <paramref name="now"/> (kept as a fallback) and cancels loads in progress.</summary>
    public Task ExpireAsync(string key, DateTimeOffset now) =>
        Expire.EvaluateAsync(redis.Database, [EntryKey(key), LockKey(key)], [now.ToUnixTimeMilliseconds()]).WaitAsync(Timeout);
}
