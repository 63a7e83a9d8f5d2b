using System.Text.Json.Serialization;

namespace Rush.Ticketing.Analytics;

/// <summary>One zone of an event: its (lowest) price and its seats by status; <paramref name="Revenue"/> is null when hidden.</summary>
public sealed record ZoneStats(
    string Zone,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Price,
    long TotalSeats,
    long FreeSeats,
    long SelectedSeats,
    long ReservedSeats,
    long SoldSeats,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal? Revenue);
