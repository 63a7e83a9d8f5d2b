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

    /// <summary>Rows skipped before this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}
