namespace Rush.Kitchen.Projection;

/// <summary>Redis key names of the kitchen's hot state (seed 001, "Использование Redis"), in one place.</summary>
/// <remarks>Lua scripts derive per-order keys from the same patterns; keep both in step.</remarks>
public static class HotStateKeys
{
    /// <summary>Orders waiting for their visibleAt: sorted set id -> visibleAt (ms). Seed: a set; see order-project.lua.</summary>
    public const string PendingSlots = "erp:orders:pending_slots";

    /// <summary>Visible orders not completed or cancelled: set of ids.</summary>
    public const string Active = "erp:orders:active";

    /// <summary>Every projected order of the last 24 h: sorted set id -> createdAt (ms), the ERP snapshot's index (addition).</summary>
    public const string Recent = "erp:orders:recent";

    /// <summary>Counter: every order, incremented once on its first projection.</summary>
    public const string TotalCount = "orders:total";

    /// <summary>Counter: orders in status pending.</summary>
    public const string PendingCount = "erp:orders:pending";

    /// <summary>Kitchen queue (seed): LPUSH once per order, removed when completed or cancelled.</summary>
    public const string KitchenQueue = "kitchen:orders:queue";

    /// <summary>Present while the hot state is complete; missing means Redis lost it and it must be rebuilt.</summary>
    public const string ReadyMarker = "kitchen:hot-state:ready";

    /// <summary>Short lock so one instance rebuilds at a time.</summary>
    public const string RebuildLock = "kitchen:hot-state:lock";

    /// <summary>Prefix of <see cref="Order"/> (order-project.lua derives the per-order keys from these prefixes).</summary>
    public const string OrderPrefix = "erp:order:";

    /// <summary>Prefix of <see cref="SlotStart"/>.</summary>
    public const string SlotStartPrefix = "order:slot:start:";

    /// <summary>Prefix of <see cref="VisibleAt"/>.</summary>
    public const string VisibleAtPrefix = "order:visible_at:";

    /// <summary>The order as JSON (the screens' Order without <c>visible</c>).</summary>
    public static string Order(Guid id) => $"{OrderPrefix}{id}";

    /// <summary>What has been projected of an order: hash version, status (the idempotency guard).</summary>
    public static string State(Guid id) => $"{OrderPrefix}{id}:state";

    /// <summary>Slot start of an order, RFC 3339 (seed).</summary>
    public static string SlotStart(Guid id) => $"{SlotStartPrefix}{id}";

    /// <summary>visibleAt of an order, RFC 3339 (seed).</summary>
    public static string VisibleAt(Guid id) => $"{VisibleAtPrefix}{id}";
}
