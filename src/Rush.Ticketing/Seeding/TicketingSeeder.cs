using System.Diagnostics;
using Npgsql;

namespace Rush.Ticketing.Seeding;

/// <summary>Seeds the ticketing data of a <see cref="SeedPlan"/>: event 1 and its seats, users, current and archive events.</summary>
/// <remarks>
/// Idempotent and convergent: every part counts what exists and writes only the difference, so <c>./rush up</c> can
/// run it each time and a bigger plan later tops up a smaller one. A session advisory lock makes concurrent runs
/// (two <c>./rush up</c> at once) take turns instead of both writing the difference.
/// </remarks>
public sealed class TicketingSeeder(NpgsqlDataSource db, TimeProvider clock)
{
    private const long AdvisoryLockKey = 0x5275_7368_5365_6564; // "RushSeed"

    /// <summary>Runs <paramref name="plan"/>; <paramref name="live"/> redraws progress bars in place on <paramref name="output"/>.</summary>
    public async Task<SeedReport> RunAsync(SeedPlan plan, TextWriter output, bool live, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        var watch = Stopwatch.StartNew();
        await using var guard = await db.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand($"select pg_advisory_lock({AdvisoryLockKey})", guard))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }

        try
        {
            return (await SeedAsync(plan, output, live, ct)) with { Elapsed = watch.Elapsed };
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({AdvisoryLockKey})", guard);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<SeedReport> SeedAsync(SeedPlan plan, TextWriter output, bool live, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        await EnsurePartitionsAsync(thisMonth.AddMonths(-Math.Max(plan.MonthsBack, 3)), thisMonth.AddMonths(plan.MonthsAhead + 1), ct);

        SeedProgress Bar(string name, long total) => new(output, live, name, total);
        var seats = plan.Stadium ? await new StadiumSeeder(db).SeedAsync(now, total => Bar("seats (event 1)", total), ct) : 0;
        var users = await new UserSeeder(db).SeedAsync(plan.Users, plan.Parallelism, total => Bar("users", total), ct);
        var events = new EventSeeder(db);
        var current = await events.SeedCurrentAsync(plan, thisMonth, total => Bar("events", total), ct);
        var archive = await events.SeedArchiveAsync(plan, thisMonth, total => Bar("archive", total), ct);

        var report = new SeedReport(users, current, archive, seats, TimeSpan.Zero);
        if (!report.NothingWritten)
        {
            // Fresh statistics, so the first queries after a big load get partition-aware plans instead of guesses.
            // No timeout: after millions of rows this takes longer than a command's default 30 s.
            await using var analyze = db.CreateCommand("analyze users, seats, events_archive");
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        return report;
    }

    private async Task EnsurePartitionsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select ensure_event_partitions($1, $2)");
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
