namespace Rush.Platform.Observability;

/// <summary>Histograms: one lock-free count per bucket plus the sum.</summary>
internal sealed class HistogramCell(double[] bounds) : MetricCell
{
    private readonly long[] _counts = new long[bounds.Length + 1];
    private double _sum;

    public override double Value => Volatile.Read(ref _sum);

    public override void Record(double value)
    {
        // Prometheus buckets are "less than or equal"; a dozen bounds: a linear scan is cheapest.
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        AddAtomic(ref _sum, value);
    }

    public HistogramBuckets Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }

        return new HistogramBuckets(bounds, counts, Value);
    }
}
