using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Rush.Bench.Cli;
using Rush.Bench.Http;
using Rush.Bench.Load;
using Rush.Bench.Reporting;
using Rush.Bench.Screens;

namespace Rush.Bench.Scenarios;

/// <summary>
/// order-to-screen: orders placed over REST at fixed rates (open loop) while <c>--screens</c> WebSocket clients on
/// <c>/ws/erp</c> (or <c>/ws/kds</c>) note when each order arrives. Latency = arrival on a screen − the request's
/// intended send time, per order and screen. Target (issue): p99 ≤ 50 ms at 5,000 orders/s on this machine; the
/// seed promises &lt; 200 ms.
/// </summary>
internal sealed class OrderToScreenScenario : IScenario
{
    /// <summary>The issue's target rate.</summary>
    public const double TargetRate = 5000;

    /// <summary>The issue's target p99 at <see cref="TargetRate"/>.</summary>
    public const double TargetP99Ms = 50;

    /// <summary>The seed's promise: every order on the screens in less than this.</summary>
    public const double SeedPromiseMs = 200;

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Open-loop rates when --rates is not given.</summary>
    public static IReadOnlyList<double> DefaultRates { get; } = [500, 1000, 2000, 5000];

    /// <inheritdoc />
    public string Name => "order-to-screen";

    /// <inheritdoc />
    public string Description => "time from an order's REST request start (open loop, fixed rates) to its arrival on WebSocket screens (/ws/erp or /ws/kds)";

    /// <summary>The hub's ws:// (or wss://) address on the REST host.</summary>
    public static Uri HubUri(Uri target, ScreenHubSelection hub)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new UriBuilder(target)
        {
            Scheme = target.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
            Path = HubPath(hub),
            Query = "",
        }.Uri;
    }

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Given.Contains("protocol") && options.Protocol != ProtocolSelection.Rest)
        {
            throw new BenchException("order-to-screen places orders over REST only (leave out --protocol, or --protocol rest).");
        }

        if (options.Given.Contains("mode") && options.Mode != ModeSelection.Open)
        {
            throw new BenchException("order-to-screen runs the open loop only: latency from the intended send time at fixed rates (leave out --mode, or --mode open).");
        }

        return options with
        {
            Protocol = ProtocolSelection.Rest,
            Mode = ModeSelection.Open,
            NoBaseline = true,
            Rates = options.Given.Contains("rates") ? options.Rates : DefaultRates,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return new("hub", HubUri(options.Target, options.Hub).ToString());
        yield return new("screens", options.Screens.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var log = context.Progress;
        using var http11 = BenchHttpClients.Http11(options.Connections);
        var target = new OrderToScreenTarget("REST Rush", http11, new Uri(options.Target, KitchenIntakeScenario.RestPath), KitchenOrderPayloads.Json(options.Idempotency));
        var hub = HubUri(options.Target, options.Hub);
        var hubPath = HubPath(options.Hub);

        var screens = new List<ScreenWatcher>();
        try
        {
            await JoinAsync(screens, hub, options.Screens, log, cancellationToken).ConfigureAwait(false);
            await PreflightAsync(target, screens, options.Hub, log, cancellationToken).ConfigureAwait(false);

            var results = new List<LoadResult>();
            var screenRuns = new List<ScreenRunResult>();
            var summary = new List<string>();
            for (var r = 0; r < options.Rates.Count; r++)
            {
                var rate = options.Rates[r];
                if (r > 0 && options.Pause > TimeSpan.Zero)
                {
                    await Task.Delay(options.Pause, cancellationToken).ConfigureAwait(false);
                }

                target.Reset();
                foreach (var screen in screens)
                {
                    screen.Reset();
                }

                log.WriteLine($"{target.Name} -> {screens.Count} screens on {hubPath}: open loop, {Format.Count(rate)}/s, {Format.Duration(options.Warmup)} warmup + {Format.Duration(options.Duration)} ...");
                var run = await OpenLoopRunner.RunAsync(target, rate, options.Warmup, options.Duration, options.MaxInFlight, options.Drain, cancellationToken).ConfigureAwait(false);
                var orders = target.Measured.ToArray();
                var waited = await WaitForScreensAsync(orders, screens, options.Drain, cancellationToken).ConfigureAwait(false);
                var screenRun = Summarize(hubPath, rate, run, orders, screens, waited);
                results.Add(run);
                screenRuns.Add(screenRun);
                summary.Add(Describe(screenRun, run));
                log.WriteLine($"  -> HTTP {Format.Count(run.OkPerSecond)} ok/s, p99 {Format.Ms(run.Latency.P99Ms)} ms; screens p50 {Format.Ms(screenRun.Latency.P50Ms)} ms, "
                    + $"p99 {Format.Ms(screenRun.Latency.P99Ms)} ms, max {Format.Ms(screenRun.Latency.MaxMs)} ms, {Format.Count(screenRun.Missing)} missing, "
                    + $"{Format.Count(screenRun.Duplicates)} duplicates, {Format.Count(screenRun.Reconnects)} reconnects");
            }

            var targets = new List<TargetVerdict>
            {
                CheckTarget(screenRuns, results),
                CheckSeedPromise(screenRuns, results),
            };
            summary.AddRange(targets.Select(t => $"Target {t.Target}: {(t.Met is { } met ? met ? "MET" : "NOT MET" : "not measured")} — {t.Detail}"));
            return new ScenarioResult
            {
                Results = results,
                Screens = screenRuns,
                Targets = targets,
                Summary = summary,
                Notes = Notes(options, hubPath),
            };
        }
        finally
        {
            foreach (var screen in screens)
            {
                await screen.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string HubPath(ScreenHubSelection hub) => hub == ScreenHubSelection.Kds ? "/ws/kds" : "/ws/erp";

    /// <summary>
    /// Screen 1 joins fresh (snapshot; only its seq is read); the others join with <c>?since=</c> that seq, so they
    /// start from the replay log instead of asking for another snapshot of the whole hot state.
    /// </summary>
    private static async Task JoinAsync(List<ScreenWatcher> screens, Uri hub, int count, TextWriter log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var first = ScreenWatcher.Start(1, hub, since: 0, log);
        screens.Add(first);
        var seq = await JoinedAsync(first, hub, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"screen 1 joined {hub} (snapshot, seq {seq}) in {Format.Ms(Stopwatch.GetElapsedTime(started).TotalMilliseconds)} ms");
        for (var i = 2; i <= count; i++)
        {
            screens.Add(ScreenWatcher.Start(i, hub, since: seq, log));
        }

        for (var i = 1; i < screens.Count; i++)
        {
            await JoinedAsync(screens[i], hub, cancellationToken).ConfigureAwait(false);
        }

        if (count > 1)
        {
            log.WriteLine($"screens 2..{count} joined with since={seq}");
        }
    }

    private static async Task<long> JoinedAsync(ScreenWatcher screen, Uri hub, CancellationToken cancellationToken)
    {
        try
        {
            return await screen.Joined.WaitAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchException($"screen {screen.Number} did not get its start from {hub} within {JoinTimeout.TotalSeconds:0} s.");
        }
        catch (WebSocketException e)
        {
            throw new BenchException($"{e.Message}. Is Rush running at that address?", e);
        }
    }

    /// <summary>One order through the whole path: it must be accepted and then show up on every screen.</summary>
    private static async Task PreflightAsync(OrderToScreenTarget target, List<ScreenWatcher> screens, ScreenHubSelection hub, TextWriter log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var sent = Stopwatch.GetTimestamp();
        var (outcome, detail, orderId) = await target.PlaceProbeAsync(timeout.Token).ConfigureAwait(false);
        var answered = Stopwatch.GetElapsedTime(sent);
        cancellationToken.ThrowIfCancellationRequested();
        log.WriteLine($"pre-flight {target.Name} ({target.Endpoint}): {outcome}, {detail}");
        if (outcome != Outcome.Ok || orderId is not { } id)
        {
            var hint = outcome == Outcome.Rejected
                ? " Start the host with slot capacity that cannot fill (Kitchen__SlotCapacity__MaxPrice, Kitchen__SlotCapacity__MaxMakeMinutes)."
                : "";
            throw new BenchException($"{target.Name} at {target.Endpoint} did not place a test order: {detail}.{hint}");
        }

        var deadline = sent + (long)(ProbeTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var missing = screens.Where(s => !s.Seen.ContainsKey(id)).Select(s => s.Number).ToList();
            if (missing.Count == 0)
            {
                break;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                var hint = hub == ScreenHubSelection.Kds
                    ? " The KDS hub shows an order only once it is visible (its slot starts within 30 minutes); --hub erp gets every order at once."
                    : "";
                throw new BenchException($"test order {id} was accepted but did not reach screen(s) {string.Join(", ", missing)} within {ProbeTimeout.TotalSeconds:0} s.{hint}");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        var latest = screens.Max(s => s.Seen[id].Arrival);
        log.WriteLine($"pre-flight screens: order {id} on all {screens.Count} screens {Format.Ms(Stopwatch.GetElapsedTime(sent, latest).TotalMilliseconds)} ms after the request "
            + $"(HTTP answer after {Format.Ms(answered.TotalMilliseconds)} ms)");
    }

    /// <summary>Waits up to <paramref name="drain"/> for every screen to show every measured order; returns the time waited.</summary>
    private static async Task<TimeSpan> WaitForScreensAsync(KeyValuePair<Guid, OrderTiming>[] orders, List<ScreenWatcher> screens, TimeSpan drain, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        var pending = screens.Select(s => orders.Select(o => o.Key).Where(id => !s.Seen.ContainsKey(id)).ToList()).ToList();
        while (pending.Any(p => p.Count > 0) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < screens.Count; i++)
            {
                var seen = screens[i].Seen;
                pending[i].RemoveAll(seen.ContainsKey);
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static ScreenRunResult Summarize(string hub, double rate, LoadResult run, KeyValuePair<Guid, OrderTiming>[] orders, List<ScreenWatcher> screens, TimeSpan waited)
    {
        var all = new long[orders.Length * screens.Count];
        var total = 0;
        long missing = 0, duplicates = 0, beforeAnswer = 0, reconnects = 0;
        var clients = new List<ScreenClientResult>();
        foreach (var screen in screens)
        {
            var seen = screen.Seen;
            var samples = new long[orders.Length];
            var n = 0;
            long screenDuplicates = 0, screenBefore = 0;
            foreach (var (id, timing) in orders)
            {
                if (!seen.TryGetValue(id, out var sighting))
                {
                    continue;
                }

                samples[n++] = sighting.Arrival - timing.Intended;
                screenDuplicates += Math.Max(0, sighting.Placed - 1);
                screenBefore += sighting.Arrival < timing.Answered ? 1 : 0;
            }

            Array.Copy(samples, 0, all, total, n);
            total += n;
            missing += orders.Length - n;
            duplicates += screenDuplicates;
            beforeAnswer += screenBefore;
            reconnects += screen.Reconnects;
            clients.Add(new ScreenClientResult
            {
                Screen = screen.Number,
                Seen = n,
                Missing = orders.Length - n,
                Duplicates = screenDuplicates,
                BeforeAnswer = screenBefore,
                Reconnects = screen.Reconnects,
                Snapshots = screen.Snapshots,
                SeqGaps = screen.SeqGaps,
                Latency = LatencySummary.FromTicks(samples, n),
                Errors = screen.Errors.Snapshot(),
            });
        }

        // Measured requests that placed no order never reach a screen either: for the target they are as late as a missing one.
        var notPlaced = Math.Max(0, run.Counts.Sent + run.Counts.Dropped - orders.Length);
        var pairs = (orders.Length + notPlaced) * (long)screens.Count;
        var latency = LatencySummary.FromTicks(all, total);
        var p99Rank = (long)Math.Ceiling(0.99 * pairs);
        double? p99WithMissing = pairs > 0 && p99Rank <= total ? ToMs(all[Math.Max(0, p99Rank - 1)]) : null;
        return new ScreenRunResult
        {
            Hub = hub,
            TargetRate = rate,
            Orders = orders.Length,
            NotPlaced = notPlaced,
            Screens = screens.Count,
            Arrivals = total,
            Missing = missing,
            Duplicates = duplicates,
            Reconnects = reconnects,
            BeforeAnswerShare = total == 0 ? 0 : (double)beforeAnswer / total,
            WaitedMs = waited.TotalMilliseconds,
            Latency = latency,
            P99WithMissingMs = p99WithMissing,
            HttpLatency = run.Latency,
            Clients = clients,
        };
    }

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string Describe(ScreenRunResult s, LoadResult run)
    {
        var notPlaced = s.NotPlaced > 0 ? $"; {Format.Count(s.NotPlaced)} measured requests placed no order (see the open-loop table)" : "";
        return $"order-to-screen at {Format.Count(s.TargetRate)}/s offered, {s.Screens} screens on {s.Hub}: {Format.Count(s.Orders)} orders, "
            + $"p50 {Format.Ms(s.Latency.P50Ms)} ms, p99 {Format.Ms(s.Latency.P99Ms)} ms, p99.9 {Format.Ms(s.Latency.P999Ms)} ms, max {Format.Ms(s.Latency.MaxMs)} ms "
            + $"over {Format.Count(s.Arrivals)} order×screen arrivals; {Format.Count(s.Missing)} missing, {Format.Count(s.Duplicates)} duplicates, "
            + $"{Format.Count(s.Reconnects)} reconnects; the same requests' HTTP answer: p50 {Format.Ms(run.Latency.P50Ms)} ms, p99 {Format.Ms(run.Latency.P99Ms)} ms; "
            + $"{Format.Percent(s.BeforeAnswerShare, 1)} of arrivals came before the 201{notPlaced}";
    }

    private static (ScreenRunResult Screen, LoadResult Http)? AtTargetRate(List<ScreenRunResult> screenRuns, List<LoadResult> results)
    {
        for (var i = 0; i < screenRuns.Count; i++)
        {
            if (Math.Abs(screenRuns[i].TargetRate - TargetRate) < 0.5)
            {
                return (screenRuns[i], results[i]);
            }
        }

        return null;
    }

    /// <summary>The issue's target: p99 ≤ 50 ms at 5,000/s, every order placed and on every screen.</summary>
    private static TargetVerdict CheckTarget(List<ScreenRunResult> screenRuns, List<LoadResult> results)
    {
        var label = $"p99 ≤ {TargetP99Ms:0} ms at {Format.Count(TargetRate)}/s";
        if (AtTargetRate(screenRuns, results) is not { } found)
        {
            return new TargetVerdict { Target = label, Met = null, Detail = $"no run at {Format.Count(TargetRate)}/s (add it to --rates)" };
        }

        var (s, run) = found;

        var problems = Problems(s, run);
        var p99 = s.P99WithMissingMs;
        var met = problems.Count == 0 && p99 is { } v && v <= TargetP99Ms;
        var figure = p99 is { } value ? $"p99 {Format.Ms(value)} ms" : "p99 not reached (over 1% of orders missing or not placed)";
        var why = problems.Count == 0 ? "" : "; " + string.Join(", ", problems);
        return new TargetVerdict
        {
            Target = label,
            Met = met,
            Detail = $"{figure} over {Format.Count(s.Orders)} orders × {s.Screens} screens (missing and unplaced orders counted as infinitely late){why}",
        };
    }

    /// <summary>The seed's promise, read as: every order on every screen in less than 200 ms, at the target rate.</summary>
    private static TargetVerdict CheckSeedPromise(List<ScreenRunResult> screenRuns, List<LoadResult> results)
    {
        var label = $"seed promise < {SeedPromiseMs:0} ms (every order, max) at {Format.Count(TargetRate)}/s";
        if (AtTargetRate(screenRuns, results) is not { } found)
        {
            return new TargetVerdict { Target = label, Met = null, Detail = $"no run at {Format.Count(TargetRate)}/s (add it to --rates)" };
        }

        var (s, run) = found;

        var problems = Problems(s, run);
        var met = problems.Count == 0 && s.Arrivals > 0 && s.Latency.MaxMs < SeedPromiseMs;
        var why = problems.Count == 0 ? "" : "; " + string.Join(", ", problems);
        return new TargetVerdict
        {
            Target = label,
            Met = met,
            Detail = $"max {Format.Ms(s.Latency.MaxMs)} ms, p99.9 {Format.Ms(s.Latency.P999Ms)} ms{why}",
        };
    }

    private static List<string> Problems(ScreenRunResult s, LoadResult run)
    {
        var problems = new List<string>();
        if (s.Missing > 0)
        {
            problems.Add($"{Format.Count(s.Missing)} order×screen arrivals missing");
        }

        if (run.Counts.Dropped > 0)
        {
            problems.Add($"{Format.Count(run.Counts.Dropped)} requests dropped (client in-flight limit)");
        }

        if (run.Counts.Rejected + run.Counts.OtherErrors > 0)
        {
            problems.Add($"{Format.Count(run.Counts.Rejected + run.Counts.OtherErrors)} requests refused or failed");
        }

        if (s.Orders == 0)
        {
            problems.Add("no order placed");
        }

        return problems;
    }

    private static List<string> Notes(BenchOptions options, string hub) =>
    [
        $"Latency = arrival of the order's first message on a screen minus the request's intended send time in the open loop (no coordinated omission). "
            + $"Each of the {options.Screens} screens is a separate ClientWebSocket on {hub} and measures on its own; the pooled row merges all of them.",
        "Measured orders are those due after the warmup that got a 2xx answer with an orderId; they are matched to screen messages by order id "
            + "(a screen may show the order before the 201 reaches the client, which is why the arrival is recorded by id on the screen side as it comes).",
        $"missing = order×screen pairs not seen within --drain ({Format.Duration(options.Drain)}) after the last HTTP answer; dup = extra \"placed\" messages for one order on one screen; "
            + "reconn = connections lost or closed by the server and resumed with ?since= (replayed orders count as arriving when the replay arrives).",
        "The target verdict counts missing pairs and measured requests that placed no order as infinitely late; it needs a run at exactly 5,000/s.",
        "No baseline comparison: the in-process baseline has no screens. The reference is the HTTP latency of the same requests (open-loop table and the http p99 column): "
            + "order-to-screen minus it is roughly what the projection, Redis pub/sub and the WebSocket fan-out add, although the two overlap.",
        "Screen 1 joins fresh and skips the snapshot after its seq; the others join with ?since= that seq. The screens stay connected across the rates "
            + "and also receive every other order on the deployment (other clients' orders are read, parsed and ignored).",
        "The WebSocket readers, the HTTP client and Rush share this machine's cores.",
    ];
}
