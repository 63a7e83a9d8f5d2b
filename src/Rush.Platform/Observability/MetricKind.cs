namespace Rush.Platform.Observability;

/// <summary>The Prometheus type an instrument is exported as.</summary>
public enum MetricKind
{
    /// <summary>Monotonic total (<c>Counter</c>, <c>ObservableCounter</c>); exported with <c>_total</c>.</summary>
    Counter,

    /// <summary>Current value (<c>UpDownCounter</c>, <c>Gauge</c>, <c>ObservableGauge</c>, <c>ObservableUpDownCounter</c>).</summary>
    Gauge,

    /// <summary>Distribution in explicit buckets (<c>Histogram</c>).</summary>
    Histogram,
}
