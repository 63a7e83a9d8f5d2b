namespace Rush.Platform.Observability;

/// <summary>Gauges and observable instruments: each measurement is the current value (observable counters report their total).</summary>
internal sealed class LastValueCell : MetricCell
{
    private double _value;

    public override double Value => Volatile.Read(ref _value);

    public override void Record(double value) => Volatile.Write(ref _value, value);
}
