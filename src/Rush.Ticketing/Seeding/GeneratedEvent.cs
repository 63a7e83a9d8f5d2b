namespace Rush.Ticketing.Seeding;

/// <summary>One generated event, in the column order of the COPY into <c>events_archive</c>.</summary>
public sealed record GeneratedEvent(string Title, string Description, string Type, string Provider, string Venue, string City, DateTimeOffset EventDate);
