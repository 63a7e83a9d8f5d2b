using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Projection;

/// <summary>Upserts an order's hot state in Redis and tells the screens, at most once per order version.</summary>
public sealed class OrderProjector
{
    /// <summary>
    /// Projects <paramref name="order"/> (seed 001 key layout) if its version is newer than the one
    /// already projected, then broadcasts it; returns false (and broadcasts nothing) otherwise.
    /// </summary>
    public Task<bool> ApplyAsync(KitchenOrder order, CancellationToken ct) => throw new NotImplementedException();
}
