namespace Rush.Platform.Observability;

/// <summary>Quantiles from bucket counts, the way PromQL's <c>histogram_quantile</c> estimates them.</summary>
public static class HistogramQuantile
{
    /// <summary>
    /// The <paramref name="q"/>-quantile (0..1) of observations counted per bucket (not cumulative; the last
    /// count is the +Inf bucket), interpolated linearly inside its bucket; null when nothing was observed.
    /// A quantile that falls into the +Inf bucket is reported as the highest finite bound.
    /// </summary>
    public static double? Estimate(IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double q)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (below + counts[i] >= rank && counts[i] > 0)
            {
                if (i >= bounds.Count)
                {
                    return bounds.Count > 0 ? bounds[^1] : null;
                }

                var lower = i == 0 ? Math.Min(0, bounds[0]) : bounds[i - 1];
                return lower + ((bounds[i] - lower) * (rank - below) / counts[i]);
            }

            below += counts[i];
        }

        return bounds.Count > 0 ? bounds[^1] : null;
    }
}
