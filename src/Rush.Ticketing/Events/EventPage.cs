namespace Rush.Ticketing.Events;

/// <summary>One page of events; <paramref name="HasMore"/> says whether the next page has any (no total: counting billions is not free).</summary>
public sealed record EventPage(IReadOnlyList<EventView> Events, int Page, int PageSize, bool HasMore, string? Query = null);
