using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Rush.Platform.Hosting;

namespace Rush.Platform.Observability;

/// <summary>Samples the HTTP instruments once a second and turns the last minute into an <see cref="OpsSummary"/>.</summary>
/// <remarks>
/// Rates are differences of the same cumulative counters <c>/metrics</c> exports, so the ops page and
/// Prometheus agree. Infrastructure routes (<see cref="RequestMetricsMiddleware.IsInfrastructure"/>)
/// are left out: the page's own polling would otherwise be most of the traffic on an idle host.
/// </remarks>
public sealed class OpsWindow(MetricsCollector metrics) : BackgroundService
{
    /// <summary>How far back the summary reaches.</summary>
    public const int WindowSeconds = 60;

    private const int NowSamples = 5;

    private readonly Lock _gate = new();
    private readonly Queue<Sample> _samples = new();

    /// <summary>Takes one sample now (the worker does it every second).</summary>
    public void SampleNow()
    {
        var sample = Read();
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
        var breakers = metrics.Find(PrometheusNames.Metric(CircuitBreakerMetrics.State.Name, null, MetricKind.Gauge))?.Series
            .Select(s => new OpsBreaker(s.Label("breaker") ?? "", CircuitBreakerMetrics.NameOf((int)s.Value), (int)s.Value))
            .OrderBy(b => b.Name, StringComparer.Ordinal).ToList() ?? [];
        var dependencies = metrics.Find(PrometheusNames.Metric(DependencyMetrics.Up.Name, null, MetricKind.Gauge))?.Series
            .Select(s => new OpsDependency(s.Label("dependency") ?? "", s.Value >= 1))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ToList() ?? [];
        return new OpsSummary(WindowSeconds, current, points, breakers, dependencies);
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
        double? p95 = null;
        if (current.Bounds is not null)
        {
            // Before the first request there are no buckets yet: that is all zeros.
            var before = latencyFrom.Buckets.Length == current.Buckets.Length ? latencyFrom.Buckets : new long[current.Buckets.Length];
            var delta = current.Buckets.Select((c, i) => c - before[i]).ToArray();
            p95 = HistogramQuantile.Estimate(current.Bounds, delta, 0.95);
        }

        return new OpsPoint(
            Math.Round(Stopwatch.GetElapsedTime(current.At, now).TotalSeconds, 1),
            seconds > 0 ? Math.Round(requests / seconds, 2) : 0,
            p95,
            requests > 0 ? Math.Round((double)errors / requests, 4) : 0);
    }

    private Sample Read()
    {
        var requests = Total(PrometheusNames.Metric(HttpMetrics.Requests.Name, HttpMetrics.Requests.Unit, MetricKind.Counter));
        var errors = Total(PrometheusNames.Metric(HttpMetrics.Errors.Name, HttpMetrics.Errors.Unit, MetricKind.Counter));
        var durations = metrics.Find(PrometheusNames.Metric(HttpMetrics.Duration.Name, HttpMetrics.Duration.Unit, MetricKind.Histogram));
        IReadOnlyList<double>? bounds = null;
        var buckets = Array.Empty<long>();
        foreach (var series in durations?.Series ?? [])
        {
            if (series.Histogram is not { } histogram || RequestMetricsMiddleware.IsInfrastructure(series.Label("route") ?? ""))
            {
                continue;
            }

            bounds ??= histogram.Bounds;
            buckets = buckets.Length == 0 ? new long[histogram.Counts.Count] : buckets;
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] += histogram.Counts[i];
            }
        }

        return new Sample(Stopwatch.GetTimestamp(), requests, errors, bounds, buckets);
    }

    private long Total(string name) =>
        (long)(metrics.Find(name)?.Series.Where(s => !RequestMetricsMiddleware.IsInfrastructure(s.Label("route") ?? "")).Sum(s => s.Value) ?? 0);

    private sealed record Sample(long At, long Requests, long Errors, IReadOnlyList<double>? Bounds, long[] Buckets);
}
