using Rush.Bench.Load;

namespace Rush.Bench.Screens;

/// <summary>order-to-screen: what one screen client saw of one run's measured orders.</summary>
internal sealed record ScreenClientResult
{
    /// <summary>Screen number, from 1.</summary>
    public required int Screen { get; init; }

    /// <summary>Measured orders that arrived on this screen.</summary>
    public required long Seen { get; init; }

    /// <summary>Measured orders (201 with an orderId) this screen never showed within the drain time.</summary>
    public required long Missing { get; init; }

    /// <summary>Extra "placed" messages for a measured order (the same order announced as placed more than once).</summary>
    public required long Duplicates { get; init; }

    /// <summary>Measured orders that reached this screen before their HTTP 201 answer reached the client.</summary>
    public required long BeforeAnswer { get; init; }

    /// <summary>Times the connection was lost (or closed by the server) during the run and opened again with <c>?since=</c>.</summary>
    public required long Reconnects { get; init; }

    /// <summary>Reconnects answered with a snapshot instead of a replay (the screen fell out of the replay window).</summary>
    public required long Snapshots { get; init; }

    /// <summary>Order messages whose seq was not the previous one + 1 (an unfiltered screen should see none).</summary>
    public required long SeqGaps { get; init; }

    /// <summary>Latency from each measured order's intended send time to its first message on this screen.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Connection failures by description.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
}

/// <summary>order-to-screen: one open-loop rate, seen by every screen client.</summary>
internal sealed record ScreenRunResult
{
    /// <summary>The hub the screens watched, e.g. "/ws/erp".</summary>
    public required string Hub { get; init; }

    /// <summary>Offered order rate per second.</summary>
    public required double TargetRate { get; init; }

    /// <summary>Measured orders: due in the measured window and answered 2xx with an orderId.</summary>
    public required long Orders { get; init; }

    /// <summary>Measured requests that did not place an order (dropped, refused, failed, timed out, no readable orderId).</summary>
    public required long NotPlaced { get; init; }

    /// <summary>Number of screen clients.</summary>
    public required int Screens { get; init; }

    /// <summary>Order × screen pairs that arrived.</summary>
    public required long Arrivals { get; init; }

    /// <summary>Order × screen pairs that never arrived within the drain time.</summary>
    public required long Missing { get; init; }

    /// <summary>Extra "placed" messages, all screens.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Reconnects during the run, all screens.</summary>
    public required long Reconnects { get; init; }

    /// <summary>Share of arrivals that came before the order's HTTP 201 answer (0..1).</summary>
    public required double BeforeAnswerShare { get; init; }

    /// <summary>Time spent after the last HTTP answer waiting for the screens to show every measured order.</summary>
    public required double WaitedMs { get; init; }

    /// <summary>Order-to-screen latency over every arrival of every screen (missing pairs excluded).</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>99th percentile with missing pairs and unplaced orders counted as infinitely late; null when that is infinite.</summary>
    public double? P99WithMissingMs { get; init; }

    /// <summary>Latency of the same requests' HTTP answers (the open-loop result), for comparison.</summary>
    public required LatencySummary HttpLatency { get; init; }

    /// <summary>Each screen on its own.</summary>
    public required IReadOnlyList<ScreenClientResult> Clients { get; init; }
}
