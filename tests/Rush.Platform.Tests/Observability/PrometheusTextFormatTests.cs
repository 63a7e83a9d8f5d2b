using Rush.Platform.Observability;

namespace Rush.Platform.Tests.Observability;

public sealed class PrometheusTextFormatTests
{
    [Fact]
    public void A_counter_is_written_with_help_type_and_escaped_labels()
    {
        var family = new MetricFamilySnapshot("rush_things_total", "Things\\done\nper route.", MetricKind.Counter,
            [new MetricSeries([new("route", "/a/\"b\"\\c\nd"), new("status", "200")], 3)]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Equal(
            "# HELP rush_things_total Things\\\\done\\nper route.\n" +
            "# TYPE rush_things_total counter\n" +
            "rush_things_total{route=\"/a/\\\"b\\\"\\\\c\\nd\",status=\"200\"} 3\n",
            text);
    }

    [Fact]
    public void A_histogram_is_written_as_cumulative_buckets_ending_in_inf_with_sum_and_count()
    {
        var family = new MetricFamilySnapshot("rush_wait_seconds", "Wait.", MetricKind.Histogram,
            [new MetricSeries([new("route", "/x")], 1.75, new HistogramBuckets([0.1, 0.5], [2, 0, 1], 1.75))]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Equal(
            "# HELP rush_wait_seconds Wait.\n" +
            "# TYPE rush_wait_seconds histogram\n" +
            "rush_wait_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n" +
            "rush_wait_seconds_bucket{route=\"/x\",le=\"0.5\"} 2\n" +
            "rush_wait_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n" +
            "rush_wait_seconds_sum{route=\"/x\"} 1.75\n" +
            "rush_wait_seconds_count{route=\"/x\"} 3\n",
            text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-2.5, "-2.5")]
    public void Numbers_use_the_invariant_shortest_form_and_prometheus_infinities(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextFormat.Number(value));

    [Fact]
    public void An_unlabelled_gauge_has_no_braces() =>
        Assert.EndsWith("\nrush_backlog 7\n", PrometheusTextFormat.Write([new MetricFamilySnapshot("rush_backlog", "B.", MetricKind.Gauge, [new MetricSeries([], 7)])]), StringComparison.Ordinal);
}
