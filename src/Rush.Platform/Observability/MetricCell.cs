namespace Rush.Platform.Observability;

/// <summary>The running value of one series; written by measurements on any thread, read by scrapes.</summary>
internal abstract class MetricCell
{
    /// <summary>Applies one measurement.</summary>
    public abstract void Record(double value);

    /// <summary>The value as a scrape reports it.</summary>
    public abstract double Value { get; }

    /// <summary>Adds <paramref name="value"/> to <paramref name="target"/> atomically (there is no Interlocked.Add for double).</summary>
    protected static void AddAtomic(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
