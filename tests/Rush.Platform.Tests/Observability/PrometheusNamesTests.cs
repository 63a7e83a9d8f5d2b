using Rush.Platform.Observability;

namespace Rush.Platform.Tests.Observability;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("rush.http.server.requests", "{request}", MetricKind.Counter, "rush_http_server_requests_total")]
    [InlineData("rush.http.server.request.duration", "s", MetricKind.Histogram, "rush_http_server_request_duration_seconds")]
    [InlineData("rush.outbox.lag", "s", MetricKind.Gauge, "rush_outbox_lag_seconds")]
    [InlineData("rush.cache.size", "By", MetricKind.Gauge, "rush_cache_size_bytes")]
    [InlineData("rush.kitchen.slot.utilisation", "1", MetricKind.Gauge, "rush_kitchen_slot_utilisation_ratio")]
    [InlineData("rush.dependency.up", null, MetricKind.Gauge, "rush_dependency_up")]
    [InlineData("rush.cpu.time", "s", MetricKind.Counter, "rush_cpu_time_seconds_total")]
    [InlineData("rush.requests_total", null, MetricKind.Counter, "rush_requests_total")]
    [InlineData("rush.wait_seconds", "s", MetricKind.Histogram, "rush_wait_seconds")]
    [InlineData("rush.circuit_breaker.state", null, MetricKind.Gauge, "rush_circuit_breaker_state")]
    [InlineData("rush..odd-name/x", null, MetricKind.Gauge, "rush_odd_name_x")]
    [InlineData("9lives", null, MetricKind.Gauge, "_9lives")]
    public void Instrument_names_map_mechanically_to_prometheus_names(string instrument, string? unit, MetricKind kind, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(instrument, unit, kind));

    [Theory]
    [InlineData("route", "route")]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("a:b", "a_b")]
    public void Tag_names_become_valid_label_names(string tag, string expected) => Assert.Equal(expected, PrometheusNames.Label(tag));
}
