namespace Rush.Bench.Load;

/// <summary>How one request ended. Stored as a byte per request in the open loop.</summary>
internal enum Outcome : byte
{
    /// <summary>Not recorded (never happens for a finished run).</summary>
    None = 0,

    /// <summary>Accepted: HTTP 2xx, gRPC OK.</summary>
    Ok = 1,

    /// <summary>Refused for capacity: HTTP 429, gRPC RESOURCE_EXHAUSTED.</summary>
    Rejected = 2,

    /// <summary>Any other answer (4xx/5xx, other gRPC status).</summary>
    ErrorResponse = 3,

    /// <summary>No answer: connection refused or reset, protocol error.</summary>
    TransportError = 4,

    /// <summary>Still in flight when the run's drain time ran out; cancelled.</summary>
    TimedOut = 5,

    /// <summary>Open loop only: not sent because too many requests were in flight.</summary>
    Dropped = 6,
}

/// <summary>Helpers over <see cref="Outcome"/>.</summary>
internal static class Outcomes
{
    /// <summary>Array size for per-outcome counters (indexed by the enum value).</summary>
    public const int Count = 7;
}
