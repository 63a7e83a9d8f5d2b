namespace Rush.Kitchen.Slots;

/// <summary>Capacity claimed in the Postgres ledger (Redis fallback) for an order not yet known to be committed.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="SlotStart">The slot's start (UTC).</param>
/// <param name="Demand">What the order holds in the slot.</param>
/// <param name="DisplayDay">The kitchen day of its display id.</param>
/// <param name="DisplayId">Its display id.</param>
/// <param name="Deadline">After this the order is not committed any more (the reapers settle the claim).</param>
public sealed record SlotClaim(Guid OrderId, DateTimeOffset SlotStart, SlotAmounts Demand, DateOnly DisplayDay, string DisplayId, DateTimeOffset Deadline);
