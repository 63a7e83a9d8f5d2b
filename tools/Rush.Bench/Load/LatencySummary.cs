using System.Diagnostics;

namespace Rush.Bench.Load;

/// <summary>Latency percentiles in milliseconds (nearest-rank over the sorted samples).</summary>
internal sealed record LatencySummary
{
    /// <summary>Number of samples.</summary>
    public long Count { get; init; }

    /// <summary>Mean.</summary>
    public double MeanMs { get; init; }

    /// <summary>Median.</summary>
    public double P50Ms { get; init; }

    /// <summary>90th percentile.</summary>
    public double P90Ms { get; init; }

    /// <summary>99th percentile.</summary>
    public double P99Ms { get; init; }

    /// <summary>99.9th percentile.</summary>
    public double P999Ms { get; init; }

    /// <summary>Largest sample.</summary>
    public double MaxMs { get; init; }

    /// <summary>Sorts the first <paramref name="count"/> tick samples in place and summarizes them.</summary>
    public static LatencySummary FromTicks(long[] ticks, int count)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (count == 0)
        {
            return new LatencySummary();
        }

        Array.Sort(ticks, 0, count);
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += ticks[i];
        }

        return new LatencySummary
        {
            Count = count,
            MeanMs = ToMs(sum / count),
            P50Ms = ToMs(Rank(ticks, count, 0.50)),
            P90Ms = ToMs(Rank(ticks, count, 0.90)),
            P99Ms = ToMs(Rank(ticks, count, 0.99)),
            P999Ms = ToMs(Rank(ticks, count, 0.999)),
            MaxMs = ToMs(ticks[count - 1]),
        };
    }

    private static long Rank(long[] sorted, int count, double p)
    {
        var index = (int)Math.Ceiling(p * count) - 1;
        return sorted[Math.Clamp(index, 0, count - 1)];
    }

    private static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
