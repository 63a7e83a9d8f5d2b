namespace Rush.Bench.Load;

/// <summary>Counts of finished requests by outcome.</summary>
internal sealed record OutcomeCounts
{
    /// <summary>HTTP 2xx / gRPC OK.</summary>
    public long Ok { get; init; }

    /// <summary>HTTP 429 / gRPC RESOURCE_EXHAUSTED.</summary>
    public long Rejected { get; init; }

    /// <summary>Other answers.</summary>
    public long ErrorResponses { get; init; }

    /// <summary>No answer (connection errors).</summary>
    public long TransportErrors { get; init; }

    /// <summary>Cancelled after the drain time.</summary>
    public long TimedOut { get; init; }

    /// <summary>Open loop: never sent, in-flight limit reached.</summary>
    public long Dropped { get; init; }

    /// <summary>Everything that is neither accepted nor a capacity refusal, nor dropped.</summary>
    public long OtherErrors => ErrorResponses + TransportErrors + TimedOut;

    /// <summary>Requests sent (answered or not).</summary>
    public long Sent => Ok + Rejected + OtherErrors;

    /// <summary>Builds the counts from an array indexed by <see cref="Outcome"/>.</summary>
    public static OutcomeCounts From(long[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new OutcomeCounts
        {
            Ok = counts[(int)Outcome.Ok],
            Rejected = counts[(int)Outcome.Rejected],
            ErrorResponses = counts[(int)Outcome.ErrorResponse],
            TransportErrors = counts[(int)Outcome.TransportError],
            TimedOut = counts[(int)Outcome.TimedOut],
            Dropped = counts[(int)Outcome.Dropped],
        };
    }
}

/// <summary>The measured part of one run: one target, one load model, one setting.</summary>
internal sealed record LoadResult
{
    /// <summary>Label, e.g. "REST Rush".</summary>
    public required string Name { get; init; }

    /// <summary>Where requests went.</summary>
    public required string Endpoint { get; init; }

    /// <summary>"closed" or "open".</summary>
    public required string Mode { get; init; }

    /// <summary>Closed loop: concurrent workers.</summary>
    public int? Connections { get; init; }

    /// <summary>Open loop: requested arrival rate per second.</summary>
    public double? TargetRate { get; init; }

    /// <summary>Measured time in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Outcome counts of the measured requests.</summary>
    public required OutcomeCounts Counts { get; init; }

    /// <summary>
    /// Accepted requests (orders) per second: closed loop, those sent and answered inside the window; open loop, OK
    /// answers arriving inside the window (so a target that falls behind shows less than the offered rate).
    /// </summary>
    public required double OkPerSecond { get; init; }

    /// <summary>Answers of any kind per second.</summary>
    public required double ResponsesPerSecond { get; init; }

    /// <summary>Open loop: requests actually sent per second (target rate minus drops).</summary>
    public double? SentPerSecond { get; init; }

    /// <summary>Latency of every sent request (any outcome); open loop measures from the intended send time.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Failures by description.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>CPU per process over the measured window (scenarios that measure it: kitchen-intake, cached-read).</summary>
    public Cpu.CpuUsage? Cpu { get; init; }
}
