using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.PubSub;

namespace Rush.Platform.Caching;

/// <summary>Cache-aside for every module: in-process memory (L1) in front of Redis (L2) in front of the origin.</summary>
/// <remarks>
/// The smallest equivalent of FusionCache that Rush needs (FusionCache cannot be installed here):
/// <list type="bullet">
/// <item>L1 per instance for <see cref="CacheEntryOptions.LocalDuration"/>, L2 in Redis for
/// <see cref="CacheEntryOptions.Duration"/>; writes at the origin call <see cref="InvalidateAsync"/>, which
/// expires the Redis entry and tells every instance over pub/sub (the "backplane") to drop its L1.</item>
/// <item>Stampede protection: one load per key per instance (single flight) and one per key across
/// instances (a Redis lock; the others poll Redis for the value), so the origin is asked once.</item>
/// <item>Fail-safe: a value stays usable for <see cref="CacheEntryOptions.FailSafeWindow"/> after it
/// expires; when Redis or the origin fails, or the origin is slower than the soft timeout, readers get it
/// (metric <c>stale</c>) instead of an error. Without it, the hard timeout fails the read.</item>
/// </list>
/// Expiry decisions use the injected <see cref="TimeProvider"/> (the same instant on every instance);
/// timeouts and polling measure real elapsed time. Each key always holds values of one type.
/// </remarks>
public sealed partial class RushCache
{
    private readonly ConcurrentDictionary<string, LocalEntry> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Served>> _flights = new(StringComparer.Ordinal);
    private readonly CacheStore _store;
    private readonly IPubSub _pubsub;
    private readonly CacheOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RushCache> _log;

    // Bumped by every invalidation: a load that began before one must not leave its result in L1.
    private long _epoch;
    private long _writes;

    internal RushCache(CacheStore store, IPubSub pubsub, IOptions<CacheOptions> options, TimeProvider clock, ILogger<RushCache> log)
    {
        _store = store;
        _pubsub = pubsub;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    /// <summary>
    /// The value of <paramref name="key"/>: from memory, else Redis, else <paramref name="loader"/> (the origin), which
    /// runs at most once at a time per key across all instances. Origin exceptions reach the caller only when no stale
    /// value is at hand; a hard timeout is a <see cref="TimeoutException"/>.
    /// </summary>
    /// <remarks><paramref name="ct"/> ends only this caller's wait; the shared load keeps going for the others.</remarks>
    public ValueTask<T> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json, CancellationToken ct)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_local.TryGetValue(key, out var entry))
        {
            var now = _clock.GetUtcNow();
            if (entry.ServesLocally(now))
            {
                CacheMetrics.Record(options.Name, entry.IsFresh(now) ? CacheResult.HitLocal : CacheResult.Stale);
                return new ValueTask<T>((T)entry.Value);
            }
        }

        return JoinAsync(key, loader, options, json, ct);
    }

    /// <summary>
    /// Call after a write at the origin: the value of <paramref name="key"/> stops being fresh in Redis and in every
    /// instance's memory (pub/sub), and a load in progress is not stored. The old value stays as a fail-safe fallback.
    /// </summary>
    public async Task InvalidateAsync(string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ExpireLocal(key);
        await _store.ExpireAsync(key, _clock.GetUtcNow()).WaitAsync(ct);
        await _pubsub.PublishAsync(_options.InvalidationChannel, Encoding.UTF8.GetBytes(key), ct);
    }

    /// <summary>An invalidation of <paramref name="key"/> arrived from some instance (this one included).</summary>
    internal void OnInvalidated(string key) => ExpireLocal(key);

    /// <summary>Treats every value in memory as invalidated (after pub/sub was away and messages may be lost).</summary>
    internal void ExpireAllLocal()
    {
        foreach (var key in _local.Keys)
        {
            ExpireLocal(key);
        }
    }

    private async ValueTask<T> JoinAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json, CancellationToken ct)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(json);
        options.Validate();
        Served served;
        try
        {
            served = await Flight(key, loader, options, json).WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            CacheMetrics.Record(options.Name, CacheResult.Error);
            throw;
        }

        CacheMetrics.Record(options.Name, served.Result);
        return (T)served.Entry.Value;
    }

    // Single flight: the first caller for a key starts the flight, everyone arriving meanwhile awaits the same task.
    private Task<Served> Flight<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json)
        where T : notnull
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var running))
            {
                return running;
            }

            var flight = new TaskCompletionSource<Served>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_flights.TryAdd(key, flight.Task))
            {
                _ = FlyAsync(key, loader, options, json, flight);
                return flight.Task;
            }
        }
    }

    private async Task FlyAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json, TaskCompletionSource<Served> flight)
        where T : notnull
    {
        Served? served = null;
        Exception? failure = null;
        try
        {
            served = await ResolveAsync(key, loader, options, json);
        }
        catch (Exception e) // whatever the origin throws is handed to every waiter of the flight
        {
            failure = e;
        }

        // L1 is already updated, so a caller arriving after the removal finds the value in memory.
        _flights.TryRemove(new KeyValuePair<string, Task<Served>>(key, flight.Task));
        if (failure is null)
        {
            flight.SetResult(served!);
        }
        else
        {
            flight.SetException(failure);
        }
    }

    private void Remember(string key, LocalEntry entry, long epoch)
    {
        _local[key] = entry;
        if (Volatile.Read(ref _epoch) != epoch)
        {
            ExpireLocal(key);
        }

        SweepNowAndThen();
    }

    // A fallback never replaces a fresher value that a background load stored meanwhile.
    private void RememberFallback(string key, LocalEntry fallback) =>
        _local.AddOrUpdate(key, fallback, (_, current) => current.ExpiresAt > fallback.ExpiresAt ? current : fallback);

    private void ExpireLocal(string key)
    {
        Interlocked.Increment(ref _epoch);
        var now = _clock.GetUtcNow();
        while (_local.TryGetValue(key, out var entry) && !_local.TryUpdate(key, entry.Expired(now), entry))
        {
        }
    }

    // Memory stays bounded: every so often, drop entries that can no longer serve even as a fallback,
    // then, if still too many, those that are not being served from memory right now.
    private void SweepNowAndThen()
    {
        if (Interlocked.Increment(ref _writes) % 256 != 0 || _local.Count <= _options.MaxLocalEntries)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        foreach (var (key, entry) in _local)
        {
            if (!entry.CanFailSafe(now))
            {
                _local.TryRemove(new KeyValuePair<string, LocalEntry>(key, entry));
            }
        }

        if (_local.Count > _options.MaxLocalEntries)
        {
            foreach (var (key, entry) in _local)
            {
                if (!entry.ServesLocally(now))
                {
                    _local.TryRemove(new KeyValuePair<string, LocalEntry>(key, entry));
                }
            }
        }
    }

    /// <summary>What a flight hands its callers: the entry and how it was obtained.</summary>
    private sealed record Served(LocalEntry Entry, CacheResult Result);
}
