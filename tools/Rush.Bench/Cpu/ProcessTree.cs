namespace Rush.Bench.Cpu;

/// <summary>CPU of a process and all its descendants, including those that exited.</summary>
/// <remarks>
/// Sum over the live tree of own + reaped-children ticks. A child that exits between two readings moves from
/// "own" of a live child to its parent's "reaped children" with its full total, so the difference of two sums is
/// exactly the CPU spent in between — also for Postgres backends that connect, work and exit inside the window
/// (the postmaster reaps them). Only a child that exited and is not yet reaped (a zombie) could be missed; its
/// /proc entry stays readable until then, so it is still counted as live.
/// </remarks>
internal static class ProcessTree
{
    /// <summary>Total ticks of <paramref name="root"/>'s tree, or null when the root is gone.</summary>
    public static long? Ticks(int root)
    {
        var rootTimes = ProcStat.Read(root);
        if (rootTimes is null)
        {
            return null;
        }

        var total = rootTimes.OwnTicks + rootTimes.ReapedChildrenTicks;
        foreach (var child in Descendants(root))
        {
            total += child.OwnTicks + child.ReapedChildrenTicks;
        }

        return total;
    }

    private static List<ProcessTimes> Descendants(int root)
    {
        var byParent = new Dictionary<int, List<ProcessTimes>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != root && ProcStat.Read(pid) is { } times)
            {
                if (!byParent.TryGetValue(times.ParentPid, out var list))
                {
                    byParent[times.ParentPid] = list = [];
                }

                list.Add(times);
            }
        }

        var result = new List<ProcessTimes>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            if (byParent.TryGetValue(pending.Pop(), out var children))
            {
                foreach (var child in children)
                {
                    result.Add(child);
                    pending.Push(child.Pid);
                }
            }
        }

        return result;
    }
}
