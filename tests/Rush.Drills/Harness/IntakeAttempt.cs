namespace Rush.Drills.Harness;

/// <summary>How an order was sent.</summary>
public enum IntakeChannel
{
    /// <summary><c>POST /api/v1/orders</c> with an <c>Idempotency-Key</c>.</summary>
    Rest,

    /// <summary>gRPC <c>OrderService/CreateOrder</c> with <c>request_id</c>.</summary>
    Grpc,
}

/// <summary>One order request of a drill's load and what became of it.</summary>
public sealed class IntakeAttempt(string key, IntakeChannel channel, TimeSpan startedAt)
{
    /// <summary>Idempotency key (REST header, gRPC <c>request_id</c>); unique per attempt.</summary>
    public string Key { get; } = key;

    /// <summary>REST or gRPC.</summary>
    public IntakeChannel Channel { get; } = channel;

    /// <summary>When it was sent, from the start of the load.</summary>
    public TimeSpan StartedAt { get; } = startedAt;

    /// <summary>How long the answer took (or until the client gave up).</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>
    /// The answer: the HTTP status ("201", "503", ...), the gRPC status ("OK", "UNAVAILABLE", ...), or
    /// "no-answer" when the connection failed or the client's deadline passed.
    /// </summary>
    public string Outcome { get; set; } = "no-answer";

    /// <summary>The order id when the order was acknowledged.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>The body or error text of an answer that was not an acknowledgement.</summary>
    public string? Detail { get; set; }

    /// <summary>True when the client holds an order id: the order must be in Postgres exactly once.</summary>
    public bool Acknowledged => OrderId is not null;

    /// <summary>True when the client got no answer at all (connection refused/reset, deadline passed).</summary>
    public bool Unanswered => Outcome == "no-answer";

    /// <summary>When the answer came, from the start of the load.</summary>
    public TimeSpan EndedAt => StartedAt + Elapsed;
}
