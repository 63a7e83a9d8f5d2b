using System.Diagnostics;
using System.Globalization;

namespace Rush.Bench.Reporting;

/// <summary>
/// Whole-machine busy CPU (Linux <c>/proc/stat</c>) and the bench process's own CPU, so a run can state the CPU the
/// system under test spent per operation: machine busy minus the load generator's own share.
/// </summary>
/// <remarks>
/// On a machine shared with other work, "machine busy" includes that work too: the figure is then an upper bound, and
/// <see cref="CpuSpan.IdleShare"/> shows whether the machine was saturated (then throughput is CPU-bound by others).
/// Where <c>/proc/stat</c> is missing (not Linux) the machine figures are NaN.
/// </remarks>
internal readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Total, TimeSpan Own, long Ticks)
{
    // USER_HZ: Linux reports /proc/stat in 1/100 s on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Reads the counters now.</summary>
    public static MachineCpu Now()
    {
        var (busy, total) = ReadProcStat();
        using var self = Process.GetCurrentProcess();
        return new MachineCpu(busy, total, self.TotalProcessorTime, Stopwatch.GetTimestamp());
    }

    /// <summary>What happened between <paramref name="start"/> and this reading.</summary>
    public CpuSpan Since(MachineCpu start) =>
        new(Busy - start.Busy, Total - start.Total, Own - start.Own, Stopwatch.GetElapsedTime(start.Ticks, Ticks));

    /// <summary>The 1-minute load average, or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static (TimeSpan Busy, TimeSpan Total) ReadProcStat()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var line = File.ReadLines("/proc/stat").First();
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = f[3] + f[4];
            var total = f.Sum();
            return (Seconds(total - idle), Seconds(total));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (TimeSpan.MinValue, TimeSpan.MinValue);
        }
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}

/// <summary>CPU spent over a measured span: the whole machine's busy time, its capacity, the bench's own, and the wall time.</summary>
internal readonly record struct CpuSpan(TimeSpan Busy, TimeSpan Total, TimeSpan Own, TimeSpan Wall)
{
    /// <summary>Whether the machine figures are known.</summary>
    public bool Known => Total > TimeSpan.Zero && Busy >= TimeSpan.Zero;

    /// <summary>Busy CPU of everything but the bench process.</summary>
    public TimeSpan System => Busy - Own;

    /// <summary>Share of the machine's CPU capacity that stayed idle (0..1), NaN when unknown.</summary>
    public double IdleShare => Known ? 1 - (Busy / Total) : double.NaN;

    /// <summary>Machine CPU in µs per operation, the bench's own CPU left out; NaN when unknown or no operations.</summary>
    public double MicrosecondsPer(long operations) => Known && operations > 0 ? System.TotalMicroseconds / operations : double.NaN;

    /// <summary>One line for a report.</summary>
    public string Describe(long operations, string unit) => Known
        ? string.Create(CultureInfo.InvariantCulture,
            $"machine CPU {MicrosecondsPer(operations):N0} µs per {unit} (busy {Busy.TotalSeconds:F1} s − bench {Own.TotalSeconds:F1} s over {Wall.TotalSeconds:F1} s wall; idle {100 * IdleShare:F0} %)")
        : "machine CPU not measured (no /proc/stat)";
}
