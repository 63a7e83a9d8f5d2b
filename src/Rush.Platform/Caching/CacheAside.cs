using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace Rush.Platform.Caching;

/// <summary>Cache-aside for every module on FusionCache: memory (L1), Redis (L2), the origin; counted per call site.</summary>
/// <remarks>
/// FusionCache does the work (see CachingModule): one load per key per instance and, through its Redis
/// distributed locker, one across instances; fail-safe stale answers; soft/hard origin timeouts; the
/// Redis backplane that tells every instance about an invalidation. This class adds what Rush needs
/// on top: per-call-site settings (<see cref="CacheEntryOptions"/>) and the metric
/// <c>rush.cache.requests{cache, result}</c>. The result of a read, as this caller saw it:
/// <c>hit_local</c> fresh in memory; <c>miss</c> this caller's load ran and succeeded; <c>stale</c>
/// this caller's load failed or was too slow and the fail-safe value came back; <c>hit</c> anything
/// else that answered without running this caller's load (Redis, another caller's load, a throttled
/// fail-safe value); <c>error</c> no value.
/// </remarks>
public sealed class CacheAside(IFusionCache cache, IOptions<CacheOptions> options)
{
    // Per call site (CacheEntryOptions are static fields), so a read allocates no options.
    private readonly ConditionalWeakTable<CacheEntryOptions, EntryPlan> _plans = [];

    /// <summary>The FusionCache behind this (for what this class does not wrap).</summary>
    public IFusionCache Fusion => cache;

    /// <summary>
    /// The value of <paramref name="key"/>: from memory, else Redis, else <paramref name="loader"/> (the origin), which runs at
    /// most once at a time per key across all instances. Origin exceptions reach the caller only when no stale value is at
    /// hand; a hard timeout is a <see cref="TimeoutException"/>.
    /// </summary>
    public async ValueTask<T> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions entry, CancellationToken ct)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(entry);
        var plan = _plans.GetValue(entry, e => new EntryPlan(e.ToFusion(options.Value.RedisTimeout)));
        var local = await cache.TryGetAsync<T>(key, plan.LocalOnly, ct);
        if (local.HasValue)
        {
            CacheMetrics.Record(entry.Name, CacheResult.HitLocal);
            return local.Value;
        }

        var load = new LoadOutcome();
        T value;
        try
        {
            value = await cache.GetOrSetAsync<T>(key, async (_, token) =>
            {
                load.Ran = true;
                var loaded = await loader(token);
                load.Succeeded = true;
                return loaded;
            }, plan.Full, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            CacheMetrics.Record(entry.Name, CacheResult.Error);
            throw;
        }

        // This caller's load that failed, or still runs after the soft timeout, means the value is the fail-safe one.
        var result = !load.Ran ? CacheResult.Hit : load.Succeeded ? CacheResult.Miss : CacheResult.Stale;
        CacheMetrics.Record(entry.Name, result);
        return value;
    }

    /// <summary>
    /// Call after a write at the origin: the value of <paramref name="key"/> stops being fresh in Redis and in every instance's
    /// memory (backplane); the old value stays as a fail-safe fallback.
    /// </summary>
    public ValueTask InvalidateAsync(string key, CancellationToken ct) => cache.ExpireAsync(key, token: ct);

    private sealed class EntryPlan(FusionCacheEntryOptions full)
    {
        public FusionCacheEntryOptions Full { get; } = full;

        // Memory only, fresh only: the cheap first look that needs no lock and no Redis.
        public FusionCacheEntryOptions LocalOnly { get; } = full.Duplicate().SetSkipDistributedCache(true, true);
    }

    private sealed class LoadOutcome
    {
        private volatile bool _ran;
        private volatile bool _succeeded;

        public bool Ran { get => _ran; set => _ran = value; }

        public bool Succeeded { get => _succeeded; set => _succeeded = value; }
    }
}
