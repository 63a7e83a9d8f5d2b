using System.Globalization;

namespace Rush.Bench.Cpu;

/// <summary>Reads CPU times from Linux <c>/proc</c> (clock ticks of <see cref="TicksPerSecond"/>).</summary>
/// <remarks>
/// <c>/proc/[pid]/stat</c> fields after the command name (which may contain spaces, hence the last ')'):
/// state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17). cutime/cstime hold the CPU of children the
/// process has waited for, i.e. of Postgres backends that exited; <see cref="ProcessTree"/> combines them.
/// </remarks>
internal static class ProcStat
{
    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>One process's parent and CPU times, or null when it is gone or unreadable.</summary>
    public static ProcessTimes? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // fields[0] is the state (field 3 of the man page).
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 15)
        {
            return null;
        }

        return new ProcessTimes(
            pid,
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
    }

    /// <summary>Busy ticks of the whole machine since boot (all CPUs): everything but idle and iowait, from <c>/proc/stat</c>.</summary>
    public static long MachineBusyTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine() ?? throw new InvalidDataException("/proc/stat is empty");
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        // cpu user nice system idle iowait irq softirq steal (guest times are already inside user/nice).
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return busy;
    }

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c>, or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}

/// <summary>CPU of one process: its own (user + system, all threads) and that of its reaped children.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="ParentPid">Parent's id.</param>
/// <param name="OwnTicks">utime + stime.</param>
/// <param name="ReapedChildrenTicks">cutime + cstime: children (and their descendants) that exited and were waited for.</param>
internal sealed record ProcessTimes(int Pid, int ParentPid, long OwnTicks, long ReapedChildrenTicks);
