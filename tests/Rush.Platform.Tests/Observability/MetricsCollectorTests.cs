using System.Diagnostics.Metrics;
using Rush.Platform.Observability;

namespace Rush.Platform.Tests.Observability;

/// <summary>Each test uses a meter of its own name, so the process-wide Rush meter and other tests do not interfere.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly Meter _meter = new("Rush.Tests." + Guid.NewGuid().ToString("N"));
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests() => _collector = new MetricsCollector([_meter.Name]);

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counters_add_per_tag_set_whatever_order_the_tags_come_in()
    {
        var counter = _meter.CreateCounter<long>("rush.test.calls", "{call}", "Calls.");
        counter.Add(2, new("a", "x"), new("b", 1));
        counter.Add(3, new("b", 1), new("a", "x"));
        counter.Add(5, new("a", "y"), new("b", 1));

        var family = Assert.Single(_collector.Collect());

        Assert.Equal("rush_test_calls_total", family.Name);
        Assert.Equal(MetricKind.Counter, family.Kind);
        Assert.Equal("Calls.", family.Help);
        Assert.Equal(5, family.Series.Single(s => s.Label("a") == "x").Value);
        Assert.Equal(5, family.Series.Single(s => s.Label("a") == "y").Value);
        Assert.Equal("1", family.Series[0].Label("b"));
    }

    [Fact]
    public void Up_down_counters_are_gauges_that_sum_and_gauges_keep_the_last_value()
    {
        var clients = _meter.CreateUpDownCounter<int>("rush.test.clients");
        var level = _meter.CreateGauge<double>("rush.test.level", "1");
        clients.Add(1);
        clients.Add(1);
        clients.Add(-1);
        level.Record(0.5);
        level.Record(0.25);

        var families = _collector.Collect().ToDictionary(f => f.Name);

        Assert.Equal(MetricKind.Gauge, families["rush_test_clients"].Kind);
        Assert.Equal(1, families["rush_test_clients"].Series.Single().Value);
        Assert.Equal(0.25, families["rush_test_level_ratio"].Series.Single().Value);
    }

    [Fact]
    public void Observable_instruments_are_read_at_collection_time()
    {
        var reads = 0;
        _meter.CreateObservableGauge("rush.test.queue", () => ++reads);
        _meter.CreateObservableCounter("rush.test.done", () => 40L + reads);

        _collector.Collect();
        var families = _collector.Collect().ToDictionary(f => f.Name);

        Assert.Equal(2, families["rush_test_queue"].Series.Single().Value);
        Assert.Equal(MetricKind.Counter, families["rush_test_done_total"].Kind);
        Assert.Equal(42, families["rush_test_done_total"].Series.Single().Value);
    }

    [Fact]
    public void Histograms_count_into_le_buckets_from_the_advice_or_the_seconds_defaults()
    {
        var advised = _meter.CreateHistogram<double>("rush.test.size", "By", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100] });
        var latency = _meter.CreateHistogram<double>("rush.test.latency", "s");
        advised.Record(10);
        advised.Record(11);
        advised.Record(1000);
        latency.Record(0.003);

        var families = _collector.Collect().ToDictionary(f => f.Name);

        var size = families["rush_test_size_bytes"].Series.Single().Histogram!;
        Assert.Equal([10.0, 100.0], size.Bounds);
        Assert.Equal([1L, 1L, 1L], size.Counts);
        Assert.Equal(1021, size.Sum);
        var seconds = families["rush_test_latency_seconds"].Series.Single().Histogram!;
        Assert.Equal(MetricsCollector.SecondsBuckets, seconds.Bounds);
        Assert.Equal(1, seconds.Counts[MetricsCollector.SecondsBuckets.ToList().IndexOf(0.005)]);
    }

    [Fact]
    public void Concurrent_measurements_are_all_counted()
    {
        var counter = _meter.CreateCounter<long>("rush.test.hits");
        var histogram = _meter.CreateHistogram<double>("rush.test.wait", "s");

        Parallel.For(0, 20_000, i =>
        {
            counter.Add(1, new KeyValuePair<string, object?>("route", i % 2 == 0 ? "/a" : "/b"));
            histogram.Record(0.01);
        });

        var families = _collector.Collect().ToDictionary(f => f.Name);
        Assert.Equal(20_000, families["rush_test_hits_total"].Series.Sum(s => s.Value));
        Assert.Equal(20_000, families["rush_test_wait_seconds"].Series.Single().Histogram!.Count);
        Assert.Equal(200, families["rush_test_wait_seconds"].Series.Single().Histogram!.Sum, 6);
    }

    [Fact]
    public void Instruments_of_other_meters_are_not_collected()
    {
        using var other = new Meter("Rush.Tests.Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("rush.test.elsewhere").Add(1);

        Assert.Empty(_collector.Collect());
    }
}
