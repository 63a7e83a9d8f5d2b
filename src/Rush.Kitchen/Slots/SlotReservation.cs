namespace Rush.Kitchen.Slots;

/// <summary>Capacity held for one order in one slot until its order is committed (or released).</summary>
/// <param name="OrderId">The order.</param>
/// <param name="SlotStart">Start of the slot (UTC).</param>
/// <param name="SlotEnd">End of the slot (UTC).</param>
/// <param name="VisibleAt">When the order appears on the kitchen screens.</param>
/// <param name="DisplayId">Short id unique among today's orders.</param>
/// <param name="CommitDeadline">After this the order must not be committed any more (the reaper may release it).</param>
/// <param name="Demand">What the order holds in the slot (<see cref="SlotCapacityRule.DemandOf(Orders.OrderDraft)"/>).</param>
/// <param name="Limit">The slot's capacity when it was chosen: the commit charges the Postgres ledger against it.</param>
/// <param name="DisplayDay">The kitchen day whose display ids <paramref name="DisplayId"/> is unique among.</param>
/// <param name="InPostgres">Claimed in the Postgres ledger (Redis fallback) rather than reserved in Redis.</param>
public sealed record SlotReservation(Guid OrderId, DateTimeOffset SlotStart, DateTimeOffset SlotEnd, DateTimeOffset VisibleAt, string DisplayId,
    DateTimeOffset CommitDeadline, SlotAmounts Demand, SlotAmounts Limit, DateOnly DisplayDay, bool InPostgres)
{
    /// <summary>The seed's slot id (Unix seconds of the start).</summary>
    public long SlotId => SlotStart.ToUnixTimeSeconds();
}
