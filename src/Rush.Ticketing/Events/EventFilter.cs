namespace Rush.Ticketing.Events;

/// <summary>
/// What <c>GET /api/events</c> asks for: exact <paramref name="Type"/> and <paramref name="Provider"/>, dates in
/// [<paramref name="From"/>, <paramref name="Before"/>), and a full-text <paramref name="Query"/> (Billetter v1.1).
/// </summary>
public sealed record EventFilter(
    int Page = 1,
    int PageSize = EventFilter.MaxPageSize,
    string? Type = null,
    string? Provider = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Before = null,
    string? Query = null)
{
    /// <summary>Largest page (seed 002: 20).</summary>
    public const int MaxPageSize = 20;

    /// <summary>Deepest page: an offset costs a scan of every row before it, so paging stops at 10,000 rows (narrow the filter instead).</summary>
    public const int MaxPage = 500;

    /// <summary>Earliest date a filter may name.</summary>
    public static readonly DateTimeOffset MinDate = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest date a filter may name (a bound of year 9999 would overflow the day after it).</summary>
    public static readonly DateTimeOffset MaxDate = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Rows skipped before this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}
