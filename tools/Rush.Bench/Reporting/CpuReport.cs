using System.Globalization;
using Rush.Bench.Cpu;
using Rush.Bench.Load;

namespace Rush.Bench.Reporting;

/// <summary>The CPU tables of the text report: µs per OK answer per process, and Redis commands per OK answer.</summary>
internal static class CpuReport
{
    private const int RedisCommandsShown = 8;

    /// <summary>One progress line after a run.</summary>
    public static void WriteProgress(LoadResult run, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(log);
        if (run.Cpu is { } cpu)
        {
            log.WriteLine($"     cpu µs per ok: {Parts(cpu)}");
        }
    }

    /// <summary>One summary line: µs per <paramref name="unit"/> per process and for the machine minus the bench.</summary>
    public static string Describe(CpuUsage cpu, string unit)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU µs per {unit}: {Parts(cpu)} (over {cpu.Seconds:F1} s; machine busy {100 * cpu.MachineBusyShare:F0} % without the bench)");
    }

    /// <summary>Writes the tables for the runs that have CPU figures.</summary>
    public static void Write(IReadOnlyList<LoadResult> runs, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(writer);
        var measured = runs.Where(r => r.Cpu is not null).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        var names = measured.SelectMany(r => r.Cpu!.Processes.Select(p => p.Name)).Distinct().ToList();
        writer.WriteLine();
        writer.WriteLine("CPU per OK answer (µs of CPU per order / read over the measured window, from /proc; cores = average cores busy; "
            + "machine-bench = all CPUs' busy time minus this bench process, so other work on the machine is in it)");
        var headers = new List<string> { "run", "ok/s" };
        headers.AddRange(names.Select(n => n + " µs"));
        headers.AddRange(["sum µs", "machine-bench µs", "bench µs", "busy", "cores " + string.Join('/', names)]);
        var table = new TextTable([.. headers]);
        foreach (var r in measured)
        {
            var cpu = r.Cpu!;
            var cells = new List<string> { Label(r), Format.Count(r.OkPerSecond) };
            cells.AddRange(names.Select(n => Us(cpu.Processes.FirstOrDefault(p => p.Name == n)?.UsPerUnit)));
            cells.AddRange([Us(cpu.WatchedUsPerUnit), Us(cpu.MachineUsPerUnit), Us(cpu.BenchUsPerUnit), Format.Percent(cpu.MachineBusyShare, 1),
                string.Join('/', names.Select(n => Cores(cpu.Processes.FirstOrDefault(p => p.Name == n)?.Cores)))]);
            table.Add([.. cells]);
        }

        table.WriteTo(writer);

        var withRedis = measured.Where(r => r.Cpu!.Redis is { Count: > 0 }).ToList();
        if (withRedis.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Redis INFO commandstats per OK answer (delta over the measured window; usec = Redis's own execution time)");
        var redis = new TextTable("run", "command", "calls/ok", "usec/ok", "usec/call");
        foreach (var r in withRedis)
        {
            var cpu = r.Cpu!;
            var label = Label(r);
            foreach (var c in cpu.Redis!.Take(RedisCommandsShown))
            {
                redis.Add(label, c.Command, c.CallsPerUnit.ToString("0.###", CultureInfo.InvariantCulture), c.UsecPerUnit.ToString("0.0", CultureInfo.InvariantCulture),
                    c.UsecPerCall.ToString("0.0", CultureInfo.InvariantCulture));
                label = "";
            }

            var total = cpu.Redis!.Sum(c => c.UsecPerUnit);
            redis.Add("", "(all)", cpu.Redis!.Sum(c => c.CallsPerUnit).ToString("0.###", CultureInfo.InvariantCulture), total.ToString("0.0", CultureInfo.InvariantCulture), "");
        }

        redis.WriteTo(writer);
    }

    private static string Label(LoadResult r) => r.Mode == "open" ? $"{r.Name} open {Format.Count(r.TargetRate ?? 0)}/s" : $"{r.Name} closed";

    private static string Parts(CpuUsage cpu) => string.Join(", ",
        cpu.Processes.Select(p => $"{p.Name} {Us(p.UsPerUnit)}").Append($"machine-bench {Us(cpu.MachineUsPerUnit)}").Append($"bench {Us(cpu.BenchUsPerUnit)}"));

    private static string Us(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) : "-";

    private static string Cores(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
