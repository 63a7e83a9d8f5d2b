namespace Rush.Drills.Harness;

/// <summary>Shape of a drill's steady intake load.</summary>
public sealed class IntakeLoadOptions
{
    /// <summary>Orders sent per second in total (paced, not "as fast as possible": a drill measures behaviour, not throughput).</summary>
    public int PerSecond { get; init; } = 20;

    /// <summary>Concurrent clients; a request slower than <c>Workers / PerSecond</c> seconds makes the pace drop (counted as skipped).</summary>
    public int Workers { get; init; } = 16;

    /// <summary>Share of orders sent over gRPC; the rest go over REST.</summary>
    public double GrpcShare { get; init; } = 0.5;

    /// <summary>The client's deadline per request: an answer later than this counts as no answer.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hard bound on requests, whatever the duration.</summary>
    public int MaxRequests { get; init; } = 4_000;

    /// <summary>
    /// The time every order asks for (RFC 3339). Default: tomorrow 00:15 UTC, so that the slot walk has a
    /// whole day of slots whatever the time a drill runs at (today's may be nearly over); null = as soon as possible.
    /// </summary>
    public string? DesiredTime { get; init; } = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1).AddMinutes(15)
        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hard bound on the load's duration (it normally stops when the drill says so).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);
}
