namespace Rush.Platform.Observability;

/// <summary>One metric family at one moment: what a scrape writes as <c># HELP</c>, <c># TYPE</c> and its samples.</summary>
/// <param name="Name">Prometheus name (for histograms without the <c>_bucket</c>/<c>_sum</c>/<c>_count</c> suffixes).</param>
/// <param name="Help">One line of help text.</param>
/// <param name="Kind">Prometheus type.</param>
/// <param name="Series">One entry per label set.</param>
public sealed record MetricFamilySnapshot(string Name, string Help, MetricKind Kind, IReadOnlyList<MetricSeries> Series);

/// <summary>One label set of a family and its value (counters, gauges) or distribution (histograms).</summary>
/// <param name="Labels">Label names and values, in the order they are written.</param>
/// <param name="Value">The value of a counter or gauge; the sum of a histogram.</param>
/// <param name="Histogram">The buckets of a histogram; null for other kinds.</param>
public sealed record MetricSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramBuckets? Histogram = null)
{
    /// <summary>The value of label <paramref name="name"/>, or null.</summary>
    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>Explicit-bucket distribution: <c>Counts[i]</c> observations fell in (<c>Bounds[i-1]</c>, <c>Bounds[i]</c>], the last in (<c>Bounds[^1]</c>, +Inf).</summary>
/// <param name="Bounds">Upper bounds, ascending.</param>
/// <param name="Counts">Per-bucket (not cumulative) counts, one more than <paramref name="Bounds"/>.</param>
/// <param name="Sum">Sum of the observed values.</param>
public sealed record HistogramBuckets(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts, double Sum)
{
    /// <summary>Total number of observations.</summary>
    public long Count => Counts.Sum();
}
