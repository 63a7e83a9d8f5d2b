namespace Rush.Kitchen.Slots;

/// <summary>One kitchen slot a new order may go into, with the capacity it has.</summary>
/// <param name="Start">Slot start (UTC).</param>
/// <param name="End">Slot end (UTC).</param>
/// <param name="Limit">Capacity per dimension (<see cref="SlotCapacityRule"/>).</param>
public sealed record SlotWindow(DateTimeOffset Start, DateTimeOffset End, SlotAmounts Limit)
{
    /// <summary>The seed's slot id: the start as Unix seconds (<c>slot:{id}</c> in Redis, see <see cref="SlotKeys"/>).</summary>
    public long Id => Start.ToUnixTimeSeconds();
}
