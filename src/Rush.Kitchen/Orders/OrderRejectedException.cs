namespace Rush.Kitchen.Orders;

/// <summary>Why an order was not taken; each kind maps to one REST status and one gRPC code.</summary>
public enum RejectionKind
{
    /// <summary>Bad input: REST 400, gRPC INVALID_ARGUMENT.</summary>
    Invalid,

    /// <summary>Valid but can never fit a slot: REST 422, gRPC INVALID_ARGUMENT.</summary>
    Unprocessable,

    /// <summary>Kitchen closed: REST 409 <c>kitchen_closed</c>, gRPC FAILED_PRECONDITION.</summary>
    KitchenClosed,

    /// <summary>All slots full: REST 429 <c>slots_full</c> with Retry-After, gRPC RESOURCE_EXHAUSTED.</summary>
    SlotsFull,

    /// <summary>A dependency needed to store the order durably is down: REST 503, gRPC UNAVAILABLE.</summary>
    Unavailable,

    /// <summary>Unknown id: REST 404, gRPC NOT_FOUND.</summary>
    NotFound,
}

/// <summary>An order was refused; nothing was stored and nothing was published.</summary>
public sealed class OrderRejectedException : Exception
{
    /// <summary>Creates a rejection.</summary>
    public OrderRejectedException(RejectionKind kind, string code, string message, IDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Errors = errors;
    }

    /// <summary>Creates a rejection of kind <see cref="RejectionKind.Invalid"/>.</summary>
    public OrderRejectedException() : this(RejectionKind.Invalid, "invalid", "The order was refused.")
    {
    }

    /// <summary>Creates a rejection of kind <see cref="RejectionKind.Invalid"/>.</summary>
    public OrderRejectedException(string message) : this(RejectionKind.Invalid, "invalid", message)
    {
    }

    /// <summary>Creates a rejection of kind <see cref="RejectionKind.Unavailable"/> caused by <paramref name="inner"/>.</summary>
    public OrderRejectedException(string message, Exception inner) : base(message, inner)
    {
        Kind = RejectionKind.Unavailable;
        Code = "unavailable";
    }

    /// <summary>The kind, which decides the status codes.</summary>
    public RejectionKind Kind { get; }

    /// <summary>Machine-readable code (e.g. <c>unknown_pizza</c>).</summary>
    public string Code { get; }

    /// <summary>Field errors for validation failures.</summary>
    public IDictionary<string, string[]>? Errors { get; }

    /// <summary>When to try again (slots full).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The kitchen is closed for the requested time.</summary>
    public static OrderRejectedException KitchenClosed() =>
        new(RejectionKind.KitchenClosed, "kitchen_closed", "Kitchen is closed");

    /// <summary>Every candidate slot is full.</summary>
    public static OrderRejectedException SlotsFull(TimeSpan retryAfter) =>
        new(RejectionKind.SlotsFull, "slots_full", "All slots are full for today") { RetryAfter = retryAfter };

    /// <summary>The <see cref="Code"/> of <see cref="KeyReused"/>.</summary>
    public const string KeyReusedCode = "idempotency_key_reused";

    /// <summary>An idempotency key reused for a request that is not a retry of the first (422).</summary>
    public static OrderRejectedException KeyReused() =>
        new(RejectionKind.Unprocessable, KeyReusedCode,
            "This idempotency key was already used for a different order; send a new key for a new order.");

    /// <summary>A dependency is down; the order was not taken.</summary>
    public static OrderRejectedException Unavailable(string why, Exception? inner = null) =>
        inner is null ? new(RejectionKind.Unavailable, "unavailable", why) : new(why, inner);
}
