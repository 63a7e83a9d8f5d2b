namespace Rush.Bench.Cpu;

/// <summary>CPU spent during one run's measured window, in total and per OK answer (order, read).</summary>
internal sealed record CpuUsage
{
    /// <summary>Length of the window, seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>OK answers the CPU is divided by.</summary>
    public required long Units { get; init; }

    /// <summary>Per watched process (tree): CPU microseconds per unit; null when the process vanished mid-run.</summary>
    public required IReadOnlyList<ProcessCpu> Processes { get; init; }

    /// <summary>Sum of the watched processes, µs per unit.</summary>
    public required double WatchedUsPerUnit { get; init; }

    /// <summary>All CPUs' busy time minus this bench process's, µs per unit (includes anything else running on the machine).</summary>
    public required double MachineUsPerUnit { get; init; }

    /// <summary>This bench process (load generator and in-process baseline), µs per unit.</summary>
    public required double BenchUsPerUnit { get; init; }

    /// <summary>Machine busy share of all cores during the window, excluding the bench (0..1).</summary>
    public required double MachineBusyShare { get; init; }

    /// <summary>Redis commands in the window, costliest first; null without a Redis connection.</summary>
    public IReadOnlyList<RedisCommandCost>? Redis { get; init; }

    /// <summary>The usage between two snapshots divided by <paramref name="units"/>.</summary>
    public static CpuUsage Between(CpuSnapshot start, CpuSnapshot end, IReadOnlyList<WatchedProcess> processes, long units)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(processes);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var per = units > 0 ? 1.0 / units : 0;
        static double Us(long ticks) => ticks * 1_000_000 / ProcStat.TicksPerSecond;
        var list = new List<ProcessCpu>();
        double watched = 0;
        foreach (var p in processes)
        {
            double? us = start.Processes.GetValueOrDefault(p.Name) is { } a && end.Processes.GetValueOrDefault(p.Name) is { } b ? Us(b - a) : null;
            watched += us ?? 0;
            list.Add(new ProcessCpu(p.Name, p.Pid, p.Source, us * per, us is { } u && seconds > 0 ? u / 1_000_000 / seconds : null));
        }

        var bench = Us(end.Bench - start.Bench);
        var machine = Us(end.MachineBusy - start.MachineBusy) - bench;
        return new CpuUsage
        {
            Seconds = seconds,
            Units = units,
            Processes = list,
            WatchedUsPerUnit = watched * per,
            MachineUsPerUnit = machine * per,
            BenchUsPerUnit = bench * per,
            MachineBusyShare = seconds > 0 ? machine / 1_000_000 / seconds / Environment.ProcessorCount : 0,
            Redis = start.Redis is { } r0 && end.Redis is { } r1 ? r1.Since(r0, units) : null,
        };
    }
}

/// <summary>Several measured phases of one run as one usage (seat-holds measures only its hold phases).</summary>
internal static class CpuUsages
{
    /// <summary>The phases' CPU added up and divided by all their units together.</summary>
    public static CpuUsage Combine(IReadOnlyList<CpuUsage> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var seconds = phases.Sum(p => p.Seconds);
        var units = phases.Sum(p => p.Units);
        double Per(Func<CpuUsage, double> usPerUnit) => units > 0 ? phases.Sum(p => usPerUnit(p) * p.Units) / units : 0;
        var processes = phases.Count == 0 ? [] : phases[0].Processes.Select(first =>
        {
            var mine = phases.Select(p => p.Processes.FirstOrDefault(q => q.Name == first.Name)).ToList();
            double? total = mine.All(m => m?.UsPerUnit is not null) ? phases.Select((p, i) => mine[i]!.UsPerUnit!.Value * p.Units).Sum() : null;
            return first with { UsPerUnit = units > 0 ? total / units : null, Cores = seconds > 0 ? total / 1_000_000 / seconds : null };
        }).ToList();
        return new CpuUsage
        {
            Seconds = seconds,
            Units = units,
            Processes = processes,
            WatchedUsPerUnit = Per(p => p.WatchedUsPerUnit),
            MachineUsPerUnit = Per(p => p.MachineUsPerUnit),
            BenchUsPerUnit = Per(p => p.BenchUsPerUnit),
            MachineBusyShare = seconds > 0 ? phases.Sum(p => p.MachineBusyShare * p.Seconds) / seconds : 0,
        };
    }
}

/// <summary>One process tree's CPU in a run.</summary>
/// <param name="Name">host, postgres, redis, rabbitmq.</param>
/// <param name="Pid">Root pid.</param>
/// <param name="Source">How the pid was found.</param>
/// <param name="UsPerUnit">CPU microseconds per order / read; null when the process vanished.</param>
/// <param name="Cores">Average cores busy (1.0 = one core all the time).</param>
internal sealed record ProcessCpu(string Name, int Pid, string Source, double? UsPerUnit, double? Cores);
