using System.Collections.Concurrent;
using System.Globalization;

namespace Rush.Platform.Observability;

/// <summary>The series of one Prometheus metric, fed by one or more instruments of the same name and kind.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<TagSet, MetricCell> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricCell>.AlternateLookup<TagSpan> _lookup;
    private readonly bool _lastValue;

    public MetricFamily(string name, string help, MetricKind kind, bool lastValue, double[]? bounds)
    {
        Name = name;
        Help = help;
        Kind = kind;
        Bounds = bounds;
        _lastValue = lastValue;
        _lookup = _series.GetAlternateLookup<TagSpan>();
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    /// <summary>Bucket upper bounds of a histogram; null for other kinds.</summary>
    public double[]? Bounds { get; }

    /// <summary>True when measurements are current values rather than increments.</summary>
    public bool IsLastValue => _lastValue;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new TagSpan(tags);
        if (!_lookup.TryGetValue(key, out var cell))
        {
            cell = NewCell();
            if (!_lookup.TryAdd(key, cell))
            {
                _lookup.TryGetValue(key, out cell);
            }
        }

        cell!.Record(value);
    }

    public MetricFamilySnapshot Snapshot()
    {
        var series = new List<MetricSeries>(_series.Count);
        foreach (var (tags, cell) in _series)
        {
            var labels = new List<KeyValuePair<string, string>>(tags.Tags.Length);
            foreach (var (key, value) in tags.Tags)
            {
                labels.Add(new(PrometheusNames.Label(key), Format(value)));
            }

            series.Add(new MetricSeries(labels, cell.Value, (cell as HistogramCell)?.Snapshot()));
        }

        return new MetricFamilySnapshot(Name, Help, Kind, series);
    }

    private MetricCell NewCell() => Kind switch
    {
        MetricKind.Histogram => new HistogramCell(Bounds!),
        _ when _lastValue => new LastValueCell(),
        _ => new SumCell(),
    };

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
