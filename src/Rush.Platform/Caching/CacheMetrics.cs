using System.Diagnostics.Metrics;
using Rush.Platform.Observability;

namespace Rush.Platform.Caching;

/// <summary>The cache's instruments: <c>rush.cache.requests</c> tagged <c>cache</c> (call site) and <c>result</c>.</summary>
internal static class CacheMetrics
{
    private static readonly Counter<long> Requests = RushMeter.Instance.CreateCounter<long>(
        "rush.cache.requests", "{request}", "Cache reads by call site and how they were served (hit_local, hit, miss, stale, error).");

    /// <summary>Counts one read of call site <paramref name="cache"/>.</summary>
    public static void Record(string cache, CacheResult result) =>
        Requests.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", Tag(result)));

    /// <summary>The tag value of <paramref name="result"/>.</summary>
    public static string Tag(CacheResult result) => result switch
    {
        CacheResult.HitLocal => "hit_local",
        CacheResult.Hit => "hit",
        CacheResult.Miss => "miss",
        CacheResult.Stale => "stale",
        _ => "error",
    };
}
