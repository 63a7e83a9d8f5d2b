using System.Globalization;
using Rush.Bench.Cli;

namespace Rush.Bench.Cpu;

/// <summary>Finds the pids of host, Postgres, Redis and RabbitMQ for the CPU table.</summary>
/// <remarks>
/// In order: <c>--pids host=..,postgres=..</c>; the <c>RUSH_BENCH_PIDS</c> variable in the same form (<c>./rush bench</c>
/// sets it from the PID files under .rush/); the process listening on the port (host: the port of <c>--target</c>;
/// the servers: <c>RUSH_PG_PORT</c>, <c>RUSH_REDIS_PORT</c>, <c>RUSH_AMQP_PORT</c>, default 5432, 6379, 5672).
/// A process that cannot be found is left out of the table, with a note.
/// </remarks>
internal static class ProcessDiscovery
{
    /// <summary>The processes in report order.</summary>
    public static readonly string[] Names = ["host", "postgres", "redis", "rabbitmq"];

    /// <summary>Resolves what it can; <paramref name="missing"/> explains the rest.</summary>
    public static IReadOnlyList<WatchedProcess> Find(BenchOptions options, out List<string> missing)
    {
        ArgumentNullException.ThrowIfNull(options);
        var given = Parse(options.Pids, "--pids");
        var fromEnv = Parse(Environment.GetEnvironmentVariable("RUSH_BENCH_PIDS"), "RUSH_BENCH_PIDS");
        var found = new List<WatchedProcess>();
        missing = [];
        foreach (var name in Names)
        {
            if (given.TryGetValue(name, out var pid) || fromEnv.TryGetValue(name, out pid))
            {
                var source = given.ContainsKey(name) ? "--pids" : "RUSH_BENCH_PIDS";
                if (ProcStat.Read(pid) is null)
                {
                    missing.Add($"{name}: pid {pid} ({source}) is not running");
                    continue;
                }

                found.Add(new WatchedProcess(name, pid, source));
                continue;
            }

            var port = PortOf(name, options);
            if (ListeningPort.FindPid(port) is { } listener)
            {
                found.Add(new WatchedProcess(name, listener, $"port {port}"));
            }
            else
            {
                missing.Add($"{name}: no readable process listens on port {port} (give --pids {name}=PID)");
            }
        }

        return found;
    }

    private static int PortOf(string name, BenchOptions options) => name switch
    {
        "host" => options.Target.Port,
        "postgres" => EnvPort("RUSH_PG_PORT", 5432),
        "redis" => EnvPort("RUSH_REDIS_PORT", 6379),
        _ => EnvPort("RUSH_AMQP_PORT", 5672),
    };

    private static int EnvPort(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;

    /// <summary>Parses <c>name=pid,name=pid</c>; entries with an empty or invalid pid are skipped.</summary>
    public static Dictionary<string, int> Parse(string? text, string what)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq] : "";
            if (!Names.Contains(name))
            {
                throw new FormatException($"{what}: '{part}' is not one of {string.Join(", ", Names)}=PID.");
            }

            if (int.TryParse(part[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                result[name] = pid;
            }
        }

        return result;
    }
}
