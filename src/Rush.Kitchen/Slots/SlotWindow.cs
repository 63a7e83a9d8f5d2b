namespace Rush.Kitchen.Slots;

/// <summary>One kitchen slot a new order may go into, with the capacity it has.</summary>
/// <param name="Start">Slot start (UTC).</param>
/// <param name="End">Slot end (UTC).</param>
/// <param name="MaxPriceMinor">Price capacity in minor units (kopecks).</param>
/// <param name="MaxMinutes">Make-time capacity in minutes.</param>
public sealed record SlotWindow(DateTimeOffset Start, DateTimeOffset End, long MaxPriceMinor, int MaxMinutes)
{
    /// <summary>The seed's slot id: the start as Unix seconds (<c>slot:{id}</c> in Redis).</summary>
    public long Id => Start.ToUnixTimeSeconds();
}
