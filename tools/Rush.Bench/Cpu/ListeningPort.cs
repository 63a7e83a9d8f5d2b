using System.Globalization;

namespace Rush.Bench.Cpu;

/// <summary>Finds the process listening on a local TCP port through <c>/proc/net/tcp*</c> and <c>/proc/*/fd</c>.</summary>
/// <remarks>
/// Name-based discovery would be ambiguous on a machine where several engineers run their own Postgres and
/// RabbitMQ; the port is what the bench talks to. Needs permission to read the other process's fd folder
/// (same user or root); otherwise give <c>--pids</c>.
/// </remarks>
internal static class ListeningPort
{
    private const string Listen = "0A";

    /// <summary>The pid that owns the listening socket on <paramref name="port"/> (the topmost one when children inherited it), or null.</summary>
    public static int? FindPid(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        var holders = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target["socket:[".Length..^1]))
                    {
                        holders.Add(pid);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that just exited.
            }
        }

        foreach (var pid in holders)
        {
            if (ProcStat.Read(pid) is { } times && !holders.Contains(times.ParentPid))
            {
                return pid;
            }
        }

        return null;
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == Listen && f[1].EndsWith(hexPort, StringComparison.Ordinal))
                {
                    inodes.Add(f[9]);
                }
            }
        }

        return inodes;
    }
}
