using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Rush.Platform.Observability;

/// <summary>Aggregates the instruments of the given meters in process, for <c>/metrics</c> and the ops summary.</summary>
/// <remarks>
/// The small equivalent of prometheus-net / the OpenTelemetry Prometheus exporter (neither installs here):
/// a <see cref="MeterListener"/> that keeps cumulative state per series. Counters add, gauges and
/// observable instruments keep their last value, histograms count into explicit buckets (the
/// instrument's advice, or <see cref="SecondsBuckets"/> for unit <c>s</c>). Instruments of different
/// meters or instances that map to the same Prometheus name share one family; a name reused with
/// another kind is ignored rather than written twice.
/// </remarks>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>Buckets for durations in seconds when the instrument gives no advice: web latencies, 1 ms to 10 s.</summary>
    public static IReadOnlyList<double> SecondsBuckets { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Buckets for histograms of any other unit without advice (the OpenTelemetry defaults).</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly HashSet<string> _meters;
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;
    private readonly Lock _observeGate = new();

    /// <summary>Starts listening to the meters named <paramref name="meterNames"/> (instruments created before and after).</summary>
    public MetricsCollector(IEnumerable<string> meterNames)
    {
        _meters = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _listener = new MeterListener { InstrumentPublished = OnPublished };
        SetCallback<byte>();
        SetCallback<short>();
        SetCallback<int>();
        SetCallback<long>();
        SetCallback<float>();
        SetCallback<double>();
        SetCallback<decimal>();
        _listener.Start();
    }

    /// <summary>Every family with at least one series, sorted by name; observable instruments are read now.</summary>
    public IReadOnlyList<MetricFamilySnapshot> Collect()
    {
        lock (_observeGate)
        {
            _listener.RecordObservableInstruments();
        }

        return _families.Values.Select(f => f.Snapshot()).Where(f => f.Series.Count > 0).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>One family by Prometheus name without reading observable instruments (cheap; for samplers).</summary>
    public MetricFamilySnapshot? Find(string prometheusName) => _families.TryGetValue(prometheusName, out var family) ? family.Snapshot() : null;

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meters.Contains(instrument.Meter.Name) || Classify(instrument) is not var (kind, lastValue))
        {
            return;
        }

        var name = PrometheusNames.Metric(instrument.Name, instrument.Unit, kind);
        var family = _families.GetOrAdd(name, _ => new MetricFamily(name, instrument.Description ?? instrument.Name, kind, lastValue,
            kind == MetricKind.Histogram ? BucketsOf(instrument) : null));
        if (family.Kind == kind && family.IsLastValue == lastValue)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    private void SetCallback<T>()
        where T : struct =>
        _listener.SetMeasurementEventCallback<T>(static (_, value, tags, state) => ((MetricFamily)state!).Record(ToDouble(value), tags));

    private static double ToDouble<T>(T value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        float f => f,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        _ => double.NaN,
    };

    private static (MetricKind Kind, bool LastValue)? Classify(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition switch
        {
            _ when definition == typeof(Counter<>) => (MetricKind.Counter, false),
            _ when definition == typeof(ObservableCounter<>) => (MetricKind.Counter, true),
            _ when definition == typeof(UpDownCounter<>) => (MetricKind.Gauge, false),
            _ when definition == typeof(Gauge<>) || definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>) => (MetricKind.Gauge, true),
            _ when definition == typeof(Histogram<>) => (MetricKind.Histogram, false),
            _ => null,
        };
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            _ => null,
        };
        return (advised ?? (instrument.Unit == "s" ? SecondsBuckets : DefaultBuckets)).Distinct().Order().ToArray();
    }
}
