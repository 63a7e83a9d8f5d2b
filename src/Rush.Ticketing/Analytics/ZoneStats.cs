namespace Rush.Ticketing.Analytics;

/// <summary>One zone of an event: its (lowest) price and its seats by status; revenue only for operators (null otherwise).</summary>
public sealed record ZoneStats(string Zone, decimal Price, long TotalSeats, long FreeSeats, long SelectedSeats, long ReservedSeats, long SoldSeats, decimal? Revenue);
