namespace Rush.Kitchen.Capacity;

/// <summary>Answer of <c>GET /api/v1/kitchen/slots?date=YYYY-MM-DD</c>: every open slot of a kitchen-local day with its load.</summary>
/// <param name="Date">The kitchen-local date.</param>
/// <param name="TimeZone">The kitchen's time zone, in which <paramref name="Date"/> is meant.</param>
/// <param name="Slots">The day's open slots, earliest first (none when the kitchen is closed that day).</param>
public sealed record DaySlots(DateOnly Date, string TimeZone, IReadOnlyList<SlotLoad> Slots);
