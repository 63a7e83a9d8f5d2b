using Rush.Bench.Cli;
using StackExchange.Redis;

namespace Rush.Bench.Cpu;

/// <summary>Measures the CPU of host, Postgres, Redis, RabbitMQ and the machine over each run's measured window.</summary>
/// <remarks>
/// A snapshot is taken when the warmup ends and another when the measured time ends (timers started together with
/// the load), so the CPU and the answers counted cover the same seconds. Background work that lags the requests (the
/// outbox relay, the projection) is in the window as long as it keeps up; a run that builds a backlog shows less CPU
/// per order than it will cost once drained, which the note under the table says.
/// </remarks>
internal sealed class CpuMeter : IAsyncDisposable
{
    private readonly IConnectionMultiplexer? _redis;

    private CpuMeter(IReadOnlyList<WatchedProcess> processes, IReadOnlyList<string> notes, IConnectionMultiplexer? redis)
    {
        Processes = processes;
        Notes = notes;
        _redis = redis;
    }

    /// <summary>How to read the CPU table, for the report's notes.</summary>
    public const string Explanation =
        "CPU table: per process tree (host = Rush.Host; postgres = the postmaster and every backend, also those that exited, through "
        + "the postmaster's cutime/cstime; redis = redis-server; rabbitmq = beam.smp and its children), read from /proc/<pid>/stat when "
        + "the warmup ends and when the measured time ends, divided by the OK answers of the run. Background work that falls behind "
        + "(outbox relay, projection) is only counted as far as it ran inside the window.";

    /// <summary>The processes measured.</summary>
    public IReadOnlyList<WatchedProcess> Processes { get; }

    /// <summary>What could not be found, and where the figures come from.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Finds the processes and connects to Redis (<c>RUSH_REDIS</c>, or 127.0.0.1:<c>RUSH_REDIS_PORT</c>) for INFO commandstats.</summary>
    public static async Task<CpuMeter> StartAsync(BenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var processes = ProcessDiscovery.Find(options, out var notes);
        foreach (var p in processes)
        {
            log.WriteLine($"cpu: {p.Name} pid {p.Pid} ({p.Source})");
        }

        notes.ForEach(n => log.WriteLine($"cpu: {n}"));
        IConnectionMultiplexer? redis = null;
        var config = Environment.GetEnvironmentVariable("RUSH_REDIS") is { Length: > 0 } r
            ? r
            : "127.0.0.1:" + (Environment.GetEnvironmentVariable("RUSH_REDIS_PORT") is { Length: > 0 } port ? port : "6379");
        try
        {
            var parsed = ConfigurationOptions.Parse(config);
            parsed.AbortOnConnectFail = true;
            parsed.AllowAdmin = true; // INFO is an admin command to StackExchange.Redis
            parsed.ConnectTimeout = 3000;
            redis = await ConnectionMultiplexer.ConnectAsync(parsed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            notes.Add($"redis INFO commandstats not read: {e.Message}");
            log.WriteLine($"cpu: {notes[^1]}");
        }

        return new CpuMeter(processes, notes, redis);
    }

    /// <summary>Snapshots at <paramref name="warmup"/> and at <paramref name="warmup"/> + <paramref name="duration"/> from now.</summary>
    public async Task<(CpuSnapshot Start, CpuSnapshot End)> WindowAsync(TimeSpan warmup, TimeSpan duration, CancellationToken ct)
    {
        await Task.Delay(warmup, ct).ConfigureAwait(false);
        var start = await SnapshotAsync().ConfigureAwait(false);
        await Task.Delay(duration, ct).ConfigureAwait(false);
        var end = await SnapshotAsync().ConfigureAwait(false);
        return (start, end);
    }

    /// <summary>Every counter now (for scenarios that measure their own phases).</summary>
    public async Task<CpuSnapshot> SnapshotAsync()
    {
        RedisCommandStats? stats = null;
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                var server = redis.GetServer(redis.GetEndPoints()[0]);
                stats = RedisCommandStats.Parse(await server.InfoRawAsync("commandstats").ConfigureAwait(false) ?? "");
            }
            catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException)
            {
                // Reported as no commandstats for this run.
            }
        }

        return CpuSnapshot.Take(Processes, stats);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }
}
