using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Rush.Platform.Hosting;

namespace Rush.Platform.Observability;

/// <summary>This instance's HTTP traffic over the last minute, for the ops page (<see cref="OpsSummary"/>).</summary>
/// <remarks>
/// Why its own counters and not the exporter's: the OpenTelemetry SDK aggregates for its exporters and
/// offers no in-process read-back, and a second listener on the same instruments would be the
/// hand-written collector again. <see cref="RequestLogMiddleware"/> counts every answered request
/// here (lock-free: three interlocked increments); once a second the worker takes a sample of these
/// cumulative figures, and rates and p95 are differences between samples. Infrastructure routes and
/// WebSocket sessions are left out, as in the alerts: the page's own polling would otherwise be most of
/// the traffic on an idle host.
/// </remarks>
public sealed class OpsWindow(DependencyUpPublisher dependencies) : BackgroundService
{
    /// <summary>How far back the summary reaches.</summary>
    public const int WindowSeconds = 60;

    /// <summary>Upper bounds (seconds) of the latency buckets: web latencies, 1 ms to 10 s; the last bucket is +Inf.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private const int NowSamples = 5;

    private readonly long[] _buckets = new long[Bounds.Count + 1];
    private readonly Lock _gate = new();
    private readonly Queue<Sample> _samples = new();
    private long _requests;
    private long _errors;

    /// <summary>Counts one answered request (not infrastructure, not a WebSocket session).</summary>
    public void Record(int status, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        if (status >= 500)
        {
            Interlocked.Increment(ref _errors);
        }

        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < Bounds.Count && seconds > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
    }

    /// <summary>Takes one sample now (the worker does it every second).</summary>
    public void SampleNow()
    {
        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Volatile.Read(ref _buckets[i]);
        }

        var sample = new Sample(Stopwatch.GetTimestamp(), Interlocked.Read(ref _requests), Interlocked.Read(ref _errors), buckets);
        lock (_gate)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > WindowSeconds + 1)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>The summary over the samples taken so far.</summary>
    public OpsSummary Summarize()
    {
        Sample[] samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }

        var now = Stopwatch.GetTimestamp();
        var points = new List<OpsPoint>();
        for (var i = 1; i < samples.Length; i++)
        {
            points.Add(Between(samples[Math.Max(0, i - NowSamples)], samples[i - 1], samples[i], now));
        }

        var recent = samples.Length >= 2 ? samples[Math.Max(0, samples.Length - 1 - NowSamples)] : null;
        var current = recent is null ? new OpsPoint(0, 0, null, 0) : Between(recent, recent, samples[^1], now);
        var breakers = CircuitBreakerMetrics.States()
            .Select(b => new OpsBreaker(b.Key, CircuitBreakerMetrics.NameOf(b.Value), b.Value))
            .OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        return new OpsSummary(WindowSeconds, current, points, breakers, dependencies.Last);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            SampleNow();
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }

    // Rate and errors over (previous, current]; p95 over (latencyFrom, current], a few seconds, so one slow request is not the whole picture.
    private static OpsPoint Between(Sample latencyFrom, Sample previous, Sample current, long now)
    {
        var seconds = Stopwatch.GetElapsedTime(previous.At, current.At).TotalSeconds;
        var requests = current.Requests - previous.Requests;
        var errors = current.Errors - previous.Errors;
        var delta = current.Buckets.Select((c, i) => c - latencyFrom.Buckets[i]).ToArray();
        return new OpsPoint(
            Math.Round(Stopwatch.GetElapsedTime(current.At, now).TotalSeconds, 1),
            seconds > 0 ? Math.Round(requests / seconds, 2) : 0,
            HistogramQuantile.Estimate(Bounds, delta, 0.95),
            requests > 0 ? Math.Round((double)errors / requests, 4) : 0);
    }

    private sealed record Sample(long At, long Requests, long Errors, long[] Buckets);
}
