using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Rush.Platform.Caching;

/// <summary>One flight: what a single load of a key does on this instance (Redis, the lock, the origin, the fail-safe).</summary>
public sealed partial class RushCache
{
    private enum LockState
    {
        Held,
        Busy,
        RedisDown,
    }

    private async Task<Served> ResolveAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json)
        where T : notnull
    {
        var epoch = Volatile.Read(ref _epoch);
        var now = _clock.GetUtcNow();
        _local.TryGetValue(key, out var local);
        var (shared, redisUp) = await TryReadAsync(key, options, json, now);
        if (shared is not null && shared.IsFresh(now))
        {
            Remember(key, shared, epoch);
            return new Served(shared, CacheResult.Hit);
        }

        var fallback = Newest(shared, local) is { } candidate && candidate.CanFailSafe(now) ? candidate : null;
        var origin = LoadAsync(key, loader, options, json, redisUp, epoch);
        if (fallback is null)
        {
            return await origin;
        }

        try
        {
            return await origin.WaitAsync(options.SoftTimeout);
        }
        catch (Exception e) // fail-safe: whatever the origin throws, the caller gets the last good value
        {
            if (origin.IsCompleted)
            {
                LogServingStale(options.Name, key, e.Message);
            }
            else
            {
                // Background completion: the load goes on and stores its value when it arrives.
                LogServingStale(options.Name, key, $"the origin did not answer within the soft timeout of {options.SoftTimeout.TotalMilliseconds} ms");
                _ = ObserveBackgroundLoadAsync(origin, options.Name, key);
            }
        }

        var stale = fallback.ThrottledFallback(_clock.GetUtcNow(), options);
        RememberFallback(key, stale);
        return new Served(stale, CacheResult.Stale);
    }

    // The origin phase, bounded by the hard timeout: take the lock, or wait for the instance that has it.
    private async Task<Served> LoadAsync<T>(string key, Func<CancellationToken, Task<T>> loader, CacheEntryOptions options, JsonTypeInfo<T> json, bool redisUp, long epoch)
        where T : notnull
    {
        using var hard = new CancellationTokenSource(options.HardTimeout);
        var token = Guid.NewGuid().ToString("N");
        var state = LockState.RedisDown;
        try
        {
            state = redisUp ? await TryLockAsync(key, token, options) : LockState.RedisDown;
            while (state == LockState.Busy)
            {
                await Task.Delay(_options.LockPollInterval, hard.Token);
                var (shared, up) = await TryReadAsync(key, options, json, _clock.GetUtcNow());
                if (shared is not null && shared.IsFresh(_clock.GetUtcNow()))
                {
                    Remember(key, shared, epoch);
                    return new Served(shared, CacheResult.Hit);
                }

                state = up ? await TryLockAsync(key, token, options) : LockState.RedisDown;
            }

            // Another instance may have loaded, stored and unlocked between our first read and our lock:
            // look once more, or the origin is asked twice.
            if (state == LockState.Held
                && await TryReadAsync(key, options, json, _clock.GetUtcNow()) is ({ } stored, _) && stored.IsFresh(_clock.GetUtcNow()))
            {
                await ReleaseAsync(key, token, state);
                Remember(key, stored, epoch);
                return new Served(stored, CacheResult.Hit);
            }

            // Held: this instance loads for everyone. RedisDown: no lock is possible; single flight still
            // limits the origin to one load per key per instance.
            var value = await loader(hard.Token).WaitAsync(hard.Token);
            if (value is null)
            {
                throw new InvalidOperationException($"The loader of cache '{options.Name}' returned null for '{key}'.");
            }

            var now = _clock.GetUtcNow();
            var envelope = new CacheEnvelope(now + options.Duration, JsonSerializer.SerializeToUtf8Bytes(value, json));
            var entry = LocalEntry.Create(value, envelope.ExpiresAt, now, options);
            if (state != LockState.Held || await TryStoreAsync(key, token, envelope, options))
            {
                Remember(key, entry, epoch);
            }

            return new Served(entry, CacheResult.Miss);
        }
        catch (OperationCanceledException e) when (hard.IsCancellationRequested)
        {
            await ReleaseAsync(key, token, state);
            throw new TimeoutException($"Cache '{options.Name}': no value for '{key}' within the hard timeout of {options.HardTimeout.TotalMilliseconds} ms.", e);
        }
        catch
        {
            await ReleaseAsync(key, token, state);
            throw;
        }
    }

    private async Task<(LocalEntry? Entry, bool RedisUp)> TryReadAsync<T>(string key, CacheEntryOptions options, JsonTypeInfo<T> json, DateTimeOffset now)
        where T : notnull
    {
        try
        {
            if (await _store.ReadAsync(key) is not { } envelope)
            {
                return (null, true);
            }

            var value = JsonSerializer.Deserialize(envelope.Json.Span, json) ?? throw new JsonException("null");
            return (LocalEntry.Create(value, envelope.ExpiresAt, now, options), true);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisUnavailable(options.Name, key, e.Message);
            return (null, false);
        }
        catch (JsonException e)
        {
            // A value written by an older version of the type: a miss, the load overwrites it.
            LogUnreadable(options.Name, key, e.Message);
            return (null, true);
        }
    }

    private async Task<LockState> TryLockAsync(string key, string token, CacheEntryOptions options)
    {
        try
        {
            return await _store.TryLockAsync(key, token, options.HardTimeout) ? LockState.Held : LockState.Busy;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisUnavailable(options.Name, key, e.Message);
            return LockState.RedisDown;
        }
    }

    // False only when the lock was lost (an invalidation came in): the loaded value must not be cached.
    private async Task<bool> TryStoreAsync(string key, string token, CacheEnvelope envelope, CacheEntryOptions options)
    {
        try
        {
            return await _store.StoreAsync(key, token, envelope, options.PhysicalTtl);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisUnavailable(options.Name, key, e.Message);
            return true;
        }
    }

    private async Task ReleaseAsync(string key, string token, LockState state)
    {
        if (state != LockState.Held)
        {
            return;
        }

        try
        {
            await _store.UnlockAsync(key, token);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The lock expires by itself after the hard timeout.
        }
    }

    private async Task ObserveBackgroundLoadAsync(Task<Served> origin, string name, string key)
    {
        try
        {
            await origin;
        }
        catch (Exception e) // nobody awaits a background load any more: its failure is only logged
        {
            LogBackgroundLoadFailed(name, key, e.Message);
        }
    }

    private static LocalEntry? Newest(LocalEntry? a, LocalEntry? b) =>
        a is null ? b : b is null ? a : a.ExpiresAt >= b.ExpiresAt ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Cache}: serving the stale value of {Key}: {Reason}")]
    private partial void LogServingStale(string cache, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Cache}: Redis unavailable for {Key}: {Reason}")]
    private partial void LogRedisUnavailable(string cache, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Cache}: unreadable value of {Key} in Redis, loading again: {Reason}")]
    private partial void LogUnreadable(string cache, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Cache}: background load of {Key} failed: {Reason}")]
    private partial void LogBackgroundLoadFailed(string cache, string key, string reason);
}
