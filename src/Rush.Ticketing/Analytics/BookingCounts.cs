namespace Rush.Ticketing.Analytics;

/// <summary>An event's bookings by status (seed 002 statuses).</summary>
public sealed record BookingCounts(long Total, long Created, long PendingPayment, long Paid, long Cancelled);
