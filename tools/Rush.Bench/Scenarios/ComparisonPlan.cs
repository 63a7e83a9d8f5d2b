using Rush.Bench.Cli;
using Rush.Bench.Cpu;
using Rush.Bench.Load;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>One protocol's pair of targets: the same requests against the in-process baseline and against Rush.</summary>
/// <param name="Label">Headline label, e.g. "REST intake".</param>
/// <param name="Baseline">The baseline target (null with --no-baseline).</param>
/// <param name="Rush">The system under test.</param>
internal sealed record TargetPair(string Label, ILoadTarget? Baseline, ILoadTarget Rush);

/// <summary>
/// The usual shape of a scenario: check that Rush answers, run the closed loop against every baseline, then the
/// closed loop and the open-loop rates against Rush, and compare each Rush figure with its baseline.
/// </summary>
internal static class ComparisonPlan
{
    /// <summary>
    /// Runs the plan for <paramref name="pairs"/>; <paramref name="unit"/> names what an OK answer is ("orders");
    /// with <paramref name="cpu"/>, every run also gets the CPU of each process per OK answer.
    /// </summary>
    public static async Task<ScenarioResult> RunAsync(ScenarioContext context, IReadOnlyList<TargetPair> pairs, string unit, CancellationToken cancellationToken, CpuMeter? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pairs);
        var options = context.Options;
        var log = context.Progress;

        foreach (var pair in pairs)
        {
            await PreflightAsync(pair.Rush, log, cancellationToken).ConfigureAwait(false);
            if (pair.Baseline is { } baselineTarget)
            {
                await PreflightAsync(baselineTarget, log, cancellationToken).ConfigureAwait(false);
            }
        }

        var baselines = new Dictionary<TargetPair, LoadResult>();
        var baselineRuns = new List<LoadResult>();
        foreach (var pair in pairs)
        {
            if (pair.Baseline is { } baselineTarget)
            {
                var run = await ClosedAsync(baselineTarget, options, log, cpu, cancellationToken).ConfigureAwait(false);
                baselines[pair] = run;
                baselineRuns.Add(run);
            }
        }

        // Before each run against Rush: let the previous run's background work (outbox relay, projections) settle.
        var first = true;
        async Task PauseAsync()
        {
            if (!first && options.Pause > TimeSpan.Zero)
            {
                await Task.Delay(options.Pause, cancellationToken).ConfigureAwait(false);
            }

            first = false;
        }

        var results = new List<LoadResult>();
        var summary = new List<string>();
        foreach (var pair in pairs)
        {
            baselines.TryGetValue(pair, out var baseline);
            if (options.Mode.HasFlag(ModeSelection.Closed))
            {
                await PauseAsync().ConfigureAwait(false);
                var run = await ClosedAsync(pair.Rush, options, log, cpu, cancellationToken).ConfigureAwait(false);
                results.Add(run);
                summary.Add(DescribeClosed(pair.Label, run, baseline, unit));
            }

            if (options.Mode.HasFlag(ModeSelection.Open))
            {
                foreach (var rate in options.Rates)
                {
                    await PauseAsync().ConfigureAwait(false);
                    var run = await OpenAsync(pair.Rush, rate, options, log, cpu, cancellationToken).ConfigureAwait(false);
                    results.Add(run);
                    summary.Add(DescribeOpen(pair.Label, run, baseline, unit));
                }
            }
        }

        return new ScenarioResult
        {
            Baselines = baselineRuns,
            Results = results,
            Summary = summary,
        };
    }

    /// <summary>"REST intake: 10,850 orders/s = 27% of baseline 40,100 req/s (closed loop, 64 connections); p50 4.1 ms (3.4x baseline 1.2 ms), ...".</summary>
    public static string DescribeClosed(string label, LoadResult run, LoadResult? baseline, string unit)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rate = $"{label}: {Format.Count(run.OkPerSecond)} {unit}/s";
        if (baseline is not null)
        {
            rate += $" = {Format.Percent(run.OkPerSecond, baseline.ResponsesPerSecond)} of baseline {Format.Count(baseline.ResponsesPerSecond)} req/s";
        }

        return $"{rate} (closed loop, {run.Connections} connections); "
            + $"p50 {Format.Ms(run.Latency.P50Ms)} ms{VersusBaseline(run.Latency.P50Ms, baseline?.Latency.P50Ms)}, "
            + $"p99 {Format.Ms(run.Latency.P99Ms)} ms{VersusBaseline(run.Latency.P99Ms, baseline?.Latency.P99Ms)}"
            + Refusals(run);
    }

    /// <summary>"REST intake at 5,000/s offered (12% of baseline capacity): 4,990 orders/s, p50 ..., 0 dropped".</summary>
    public static string DescribeOpen(string label, LoadResult run, LoadResult? baseline, string unit)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rate = run.TargetRate ?? 0;
        var share = baseline is null ? "" : $" ({Format.Percent(rate, baseline.ResponsesPerSecond)} of baseline capacity)";
        var dropped = run.Counts.Dropped > 0 ? $", {Format.Count(run.Counts.Dropped)} dropped (overloaded: percentiles exclude them)" : ", none dropped";
        return $"{label} at {Format.Count(rate)}/s offered{share}: {Format.Count(run.OkPerSecond)} {unit}/s = {Format.Percent(run.OkPerSecond, rate)} of offered; "
            + $"p50 {Format.Ms(run.Latency.P50Ms)} ms, p99 {Format.Ms(run.Latency.P99Ms)} ms, p99.9 {Format.Ms(run.Latency.P999Ms)} ms, max {Format.Ms(run.Latency.MaxMs)} ms{dropped}"
            + Refusals(run);
    }

    private static string VersusBaseline(double value, double? baseline) =>
        baseline is { } b ? $" ({Format.Times(value, b)} baseline {Format.Ms(b)} ms)" : "";

    private static string Refusals(LoadResult run)
    {
        var parts = new List<string>();
        if (run.Counts.Rejected > 0)
        {
            parts.Add($"{Format.Count(run.Counts.Rejected)} refused for capacity (429/RESOURCE_EXHAUSTED)");
        }

        if (run.Counts.OtherErrors > 0)
        {
            parts.Add($"{Format.Count(run.Counts.OtherErrors)} errors");
        }

        return parts.Count == 0 ? "" : "; " + string.Join(", ", parts);
    }

    private static async Task PreflightAsync(ILoadTarget target, TextWriter log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var (outcome, detail) = await target.ProbeAsync(timeout.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        log.WriteLine($"pre-flight {target.Name} ({target.Endpoint}): {outcome}, {detail}");
        if (outcome is not (Outcome.Ok or Outcome.Rejected))
        {
            throw new BenchException($"{target.Name} at {target.Endpoint} did not take a test request: {detail}");
        }
    }

    private static async Task<LoadResult> ClosedAsync(ILoadTarget target, BenchOptions options, TextWriter log, CpuMeter? cpu, CancellationToken cancellationToken)
    {
        log.WriteLine($"{target.Name}: closed loop, {options.Connections} connections, {Format.Duration(options.Warmup)} warmup + {Format.Duration(options.Duration)} ...");
        var window = cpu?.WindowAsync(options.Warmup, options.Duration, cancellationToken);
        var run = await ClosedLoopRunner.RunAsync(target, options.Connections, options.Warmup, options.Duration, options.Drain, cancellationToken).ConfigureAwait(false);
        run = await WithCpuAsync(run, cpu, window).ConfigureAwait(false);
        log.WriteLine($"  -> {Format.Count(run.OkPerSecond)} ok/s, p50 {Format.Ms(run.Latency.P50Ms)} ms, p99 {Format.Ms(run.Latency.P99Ms)} ms, {Format.Count(run.Counts.Rejected)} refused, {Format.Count(run.Counts.OtherErrors)} errors");
        CpuReport.WriteProgress(run, log);
        return run;
    }

    private static async Task<LoadResult> OpenAsync(ILoadTarget target, double rate, BenchOptions options, TextWriter log, CpuMeter? cpu, CancellationToken cancellationToken)
    {
        log.WriteLine($"{target.Name}: open loop, {Format.Count(rate)}/s, {Format.Duration(options.Warmup)} warmup + {Format.Duration(options.Duration)} ...");
        var window = cpu?.WindowAsync(options.Warmup, options.Duration, cancellationToken);
        var run = await OpenLoopRunner.RunAsync(target, rate, options.Warmup, options.Duration, options.MaxInFlight, options.Drain, cancellationToken).ConfigureAwait(false);
        run = await WithCpuAsync(run, cpu, window).ConfigureAwait(false);
        log.WriteLine($"  -> {Format.Count(run.OkPerSecond)} ok/s, p50 {Format.Ms(run.Latency.P50Ms)} ms, p99 {Format.Ms(run.Latency.P99Ms)} ms, {Format.Count(run.Counts.Dropped)} dropped, {Format.Count(run.Counts.OtherErrors)} errors");
        CpuReport.WriteProgress(run, log);
        return run;
    }

    private static async Task<LoadResult> WithCpuAsync(LoadResult run, CpuMeter? cpu, Task<(CpuSnapshot Start, CpuSnapshot End)>? window)
    {
        if (cpu is null || window is null)
        {
            return run;
        }

        var (start, end) = await window.ConfigureAwait(false);
        var usage = CpuUsage.Between(start, end, cpu.Processes, run.Counts.Ok);
        return run with { Cpu = usage };
    }
}
