using System.Globalization;
using Rush.Platform.Caching;
using Rush.Platform.Redis;

namespace Rush.Ticketing.Events;

/// <summary>The events API's one entry point: lists, search and lookups, and the seam where the cache goes.</summary>
/// <remarks>
/// Caching seam: every answer here is a pure function of its arguments over a catalogue that only seeding and
/// administration change, so a cache-aside (the platform's CacheAside on FusionCache) wraps <see cref="ListAsync"/> and
/// <see cref="SearchAsync"/> with <see cref="ListCacheKey"/>/<see cref="SearchCacheKey"/> for <see cref="CacheTtl"/>
/// (seed 002: events for 1 h under the key <c>events</c>; ours adds the filter so pages never mix).
/// Seeding wipes the <c>cache:v2:events:*</c> keys (<see cref="WipeCacheAsync"/>); other instances drop their
/// in-process copies within the cache's local duration (5 s).
/// </remarks>
public sealed class EventCatalog(EventStore store, CacheAside cache, RedisConnection redis)
{
    /// <summary>How long a cached events answer may be served (seed 002: 1 hour).</summary>
    public static readonly TimeSpan CacheTtl = TimeSpan.FromHours(1);

    private static readonly CacheEntryOptions ListEntry = new("events", CacheTtl);
    private static readonly CacheEntryOptions SearchEntry = new("events-search", CacheTtl);

    /// <summary>A page of current events.</summary>
    public async Task<EventPage> ListAsync(EventFilter filter, CancellationToken ct) =>
        await cache.GetOrLoadAsync(ListCacheKey(filter), token => store.ListAsync(filter, token), ListEntry, ct);

    /// <summary>A page of full-text search results, best first.</summary>
    public async Task<EventPage> SearchAsync(string text, int page, int pageSize, CancellationToken ct) =>
        await cache.GetOrLoadAsync(SearchCacheKey(text, page, pageSize), token => store.SearchAsync(text, page, pageSize, token), SearchEntry, ct);

    /// <summary>Drops every cached events answer (after a bulk load of events).</summary>
    public Task WipeCacheAsync(CancellationToken ct) => RedisKeySweep.DeleteMatchingAsync(redis, CachingModule.RedisKeyPattern("events:*"), ct);

    /// <summary>One event by id (archive included), or null; not cached (cheap, and the cache would hold every id).</summary>
    public Task<EventView?> FindAsync(long id, CancellationToken ct) => store.FindAsync(id, ct);

    /// <summary>Cache key of a list answer: the seed's <c>events</c> plus every filter value.</summary>
    public static string ListCacheKey(EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return string.Create(CultureInfo.InvariantCulture,
            $"events:{filter.Page}:{filter.PageSize}:{Escape(filter.Type)}:{Escape(filter.Provider)}:{filter.From?.UtcTicks}:{filter.Before?.UtcTicks}:{Escape(filter.Query)}");
    }

    /// <summary>Cache key of a search answer.</summary>
    public static string SearchCacheKey(string text, int page, int pageSize) =>
        string.Create(CultureInfo.InvariantCulture, $"events:search:{page}:{pageSize}:{Escape(text)}");

    // Escaped so that a ':' inside a value cannot make two different filters share a key.
    private static string Escape(string? value) => value is null ? "" : Uri.EscapeDataString(value);
}
