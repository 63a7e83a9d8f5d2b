using System.Globalization;

namespace Rush.Bench.Cpu;

/// <summary>Redis <c>INFO commandstats</c>: calls and microseconds per command since the server's start (or CONFIG RESETSTAT).</summary>
internal sealed record RedisCommandStats(IReadOnlyDictionary<string, (long Calls, long Usec)> Commands)
{
    /// <summary>Parses lines like <c>cmdstat_evalsha:calls=10,usec=840,usec_per_call=84.00,rejected_calls=0,failed_calls=0</c>.</summary>
    public static RedisCommandStats Parse(string info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var commands = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var raw in info.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || line.IndexOf(':', StringComparison.Ordinal) is var colon && colon < 0)
            {
                continue;
            }

            long calls = 0, usec = 0;
            foreach (var pair in line[(colon + 1)..].Split(','))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var value = pair[(eq + 1)..];
                switch (pair[..eq])
                {
                    case "calls":
                        calls = long.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "usec":
                        usec = long.Parse(value, CultureInfo.InvariantCulture);
                        break;
                }
            }

            commands[line["cmdstat_".Length..colon]] = (calls, usec);
        }

        return new RedisCommandStats(commands);
    }

    /// <summary>Per command: calls and usec between <paramref name="before"/> and this, per <paramref name="units"/> (orders, reads).</summary>
    public IReadOnlyList<RedisCommandCost> Since(RedisCommandStats before, long units)
    {
        ArgumentNullException.ThrowIfNull(before);
        var costs = new List<RedisCommandCost>();
        foreach (var (name, (calls, usec)) in Commands)
        {
            before.Commands.TryGetValue(name, out var was);
            var dCalls = calls - was.Calls;
            if (dCalls <= 0 || name == "info")
            {
                continue;
            }

            var dUsec = usec - was.Usec;
            costs.Add(new RedisCommandCost(name, dCalls, dUsec, units > 0 ? (double)dCalls / units : 0, units > 0 ? (double)dUsec / units : 0, (double)dUsec / dCalls));
        }

        return [.. costs.OrderByDescending(c => c.Usec)];
    }
}

/// <summary>One Redis command's share of a run.</summary>
/// <param name="Command">e.g. evalsha.</param>
/// <param name="Calls">Calls in the window.</param>
/// <param name="Usec">Microseconds Redis spent executing them (its own clock, command execution only).</param>
/// <param name="CallsPerUnit">Calls per order / read.</param>
/// <param name="UsecPerUnit">Microseconds per order / read.</param>
/// <param name="UsecPerCall">Microseconds per call.</param>
internal sealed record RedisCommandCost(string Command, long Calls, long Usec, double CallsPerUnit, double UsecPerUnit, double UsecPerCall);
