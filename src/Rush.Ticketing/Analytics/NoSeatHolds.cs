namespace Rush.Ticketing.Analytics;

/// <summary>Placeholder <see cref="ISeatHoldCounter"/>: no holds. Replaced when the Seats module registers the Redis-backed counter.</summary>
internal sealed class NoSeatHolds : ISeatHoldCounter
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountByZoneAsync(long eventId, CancellationToken ct) => Task.FromResult(None);
}
