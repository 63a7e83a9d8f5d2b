namespace Rush.Bench.Cpu;

/// <summary>Cumulative CPU ticks at one moment: per watched process tree, the machine, and this bench process.</summary>
internal sealed record CpuSnapshot(long Timestamp, IReadOnlyDictionary<string, long?> Processes, long MachineBusy, long Bench, RedisCommandStats? Redis)
{
    /// <summary>Reads everything now.</summary>
    public static CpuSnapshot Take(IReadOnlyList<WatchedProcess> processes, RedisCommandStats? redis)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var ticks = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var p in processes)
        {
            ticks[p.Name] = ProcessTree.Ticks(p.Pid);
        }

        return new CpuSnapshot(
            System.Diagnostics.Stopwatch.GetTimestamp(),
            ticks,
            ProcStat.MachineBusyTicks(),
            ProcStat.Read(Environment.ProcessId)?.OwnTicks ?? 0,
            redis);
    }
}
