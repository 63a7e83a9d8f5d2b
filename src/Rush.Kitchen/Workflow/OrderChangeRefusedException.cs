namespace Rush.Kitchen.Workflow;

/// <summary>Why a cook's change was refused; each kind maps to one HTTP status.</summary>
public enum ChangeRefusal
{
    /// <summary>No such order: 404 <c>order_not_found</c>.</summary>
    OrderNotFound,

    /// <summary>No such item in the order: 404 <c>item_not_found</c>.</summary>
    ItemNotFound,

    /// <summary>The state machine forbids it: 409 <c>illegal_transition</c> / <c>order_not_in_progress</c>.</summary>
    Conflict,

    /// <summary>The order is not at the version the caller expected: 412 <c>version_conflict</c>.</summary>
    VersionConflict,
}

/// <summary>A status change or item bump was refused; nothing was written.</summary>
public sealed class OrderChangeRefusedException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public OrderChangeRefusedException(ChangeRefusal kind, string code, string message, IReadOnlyDictionary<string, object?>? details = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Details = details;
    }

    /// <summary>Creates a refusal of kind <see cref="ChangeRefusal.Conflict"/>.</summary>
    public OrderChangeRefusedException() : this(ChangeRefusal.Conflict, "conflict", "The change was refused.")
    {
    }

    /// <summary>Creates a refusal of kind <see cref="ChangeRefusal.Conflict"/>.</summary>
    public OrderChangeRefusedException(string message) : this(ChangeRefusal.Conflict, "conflict", message)
    {
    }

    /// <summary>Creates a refusal of kind <see cref="ChangeRefusal.Conflict"/> caused by <paramref name="inner"/>.</summary>
    public OrderChangeRefusedException(string message, Exception inner) : base(message, inner)
    {
        Kind = ChangeRefusal.Conflict;
        Code = "conflict";
    }

    /// <summary>The kind, which decides the HTTP status.</summary>
    public ChangeRefusal Kind { get; }

    /// <summary>Machine-readable code (e.g. <c>illegal_transition</c>).</summary>
    public string Code { get; }

    /// <summary>Extra problem members for clients (e.g. <c>allowed</c>, <c>currentVersion</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; }

    /// <summary>The order does not exist.</summary>
    public static OrderChangeRefusedException NotFound(Guid orderId) =>
        new(ChangeRefusal.OrderNotFound, "order_not_found", $"There is no order {orderId}.");

    /// <summary>The order is at <paramref name="currentVersion"/>, not <paramref name="expected"/>.</summary>
    public static OrderChangeRefusedException VersionConflict(int expected, int currentVersion, string currentStatus) =>
        new(ChangeRefusal.VersionConflict, "version_conflict",
            $"The order is at version {currentVersion}, not {expected}: someone changed it first. Reload it and try again.",
            new Dictionary<string, object?> { ["currentVersion"] = currentVersion, ["currentStatus"] = currentStatus });
}
