namespace Rush.Platform.Observability;

/// <summary>Counters and up-down counters: measurements are increments.</summary>
internal sealed class SumCell : MetricCell
{
    private double _sum;

    public override double Value => Volatile.Read(ref _sum);

    public override void Record(double value) => AddAtomic(ref _sum, value);
}
