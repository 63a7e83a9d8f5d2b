namespace Rush.Ticketing.Events;

/// <summary>An event as the API shows it; <paramref name="Rank"/> is the search relevance (search answers only).</summary>
public sealed record EventView(
    long Id,
    string Title,
    string Description,
    string Type,
    string Provider,
    string Venue,
    string City,
    DateTimeOffset EventDate,
    float? Rank = null);
