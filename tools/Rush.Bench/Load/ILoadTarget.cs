namespace Rush.Bench.Load;

/// <summary>How a request ended; <paramref name="Error"/> describes a failure ("HTTP 503") for the error tally.</summary>
internal readonly record struct SendResult(Outcome Outcome, string? Error = null)
{
    /// <summary>Accepted.</summary>
    public static readonly SendResult Ok = new(Outcome.Ok);

    /// <summary>Refused for capacity.</summary>
    public static readonly SendResult Rejected = new(Outcome.Rejected);

    /// <summary>Cancelled at the end of the run.</summary>
    public static readonly SendResult TimedOut = new(Outcome.TimedOut, "cancelled after the drain time");
}

/// <summary>
/// One kind of request against one endpoint. The runners call <see cref="SendAsync"/> from many workers at once;
/// it must be thread-safe, cheap, and must not throw: every failure becomes a <see cref="SendResult"/>.
/// </summary>
internal interface ILoadTarget
{
    /// <summary>Label for the report, e.g. "REST Rush".</summary>
    string Name { get; }

    /// <summary>The address requests go to, for the report.</summary>
    string Endpoint { get; }

    /// <summary>Sends one request and waits for the whole answer.</summary>
    ValueTask<SendResult> SendAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request and describes the answer in full (status, start of the body); for the pre-flight check.</summary>
    Task<(Outcome Outcome, string Detail)> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A target that wants to know, for each open-loop request, when it was due and whether it falls in the measured
/// window (for measurements of its own that must start from the same instant, e.g. order-to-screen latency).
/// <see cref="OpenLoopRunner"/> calls this instead of <see cref="ILoadTarget.SendAsync"/>; the closed loop does not.
/// </summary>
internal interface IScheduledLoadTarget : ILoadTarget
{
    /// <summary>Sends one request that was due at <paramref name="intendedTimestamp"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    ValueTask<SendResult> SendAsync(long intendedTimestamp, bool measured, CancellationToken cancellationToken);
}
