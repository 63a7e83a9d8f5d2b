using Npgsql;
using NpgsqlTypes;

namespace Rush.Ticketing.Seeding;

/// <summary>Fills the catalogue month by month with binary COPY over parallel connections, topping up what each month lacks.</summary>
/// <remarks>
/// The current window is whole calendar months from 3 months back to <see cref="SeedPlan.MonthsAhead"/> ahead, each
/// with <see cref="SeedPlan.EventsPerMonth"/> events; the archive spreads <see cref="SeedPlan.ArchiveEvents"/> evenly
/// over the older months. Each month's existing events are counted first (an index-only scan of its partition), so
/// sizes are minimums and a second run writes nothing. Months are written in chunks so the connections stay busy.
/// </remarks>
internal sealed class EventSeeder(NpgsqlDataSource db)
{
    private const int ChunkRows = 10_000;
    private const int ProgressStep = 500;

    /// <summary>One COPY: <paramref name="Rows"/> events dated within <paramref name="Month"/>.</summary>
    private sealed record Chunk(DateOnly Month, int Rows, int Seed);

    /// <summary>Tops up the current window; returns how many events were written.</summary>
    public async Task<long> SeedCurrentAsync(SeedPlan plan, DateOnly thisMonth, Func<long, SeedProgress> progress, CancellationToken ct)
    {
        var from = thisMonth.AddMonths(-3);
        var months = Enumerable.Range(0, 3 + 1 + plan.MonthsAhead).Select(i => (Month: from.AddMonths(i), Target: (long)plan.EventsPerMonth)).ToList();
        return await TopUpAsync(months, plan, progress, ct);
    }

    /// <summary>Tops up the archive months (before the current window); returns how many events were written.</summary>
    public async Task<long> SeedArchiveAsync(SeedPlan plan, DateOnly thisMonth, Func<long, SeedProgress> progress, CancellationToken ct)
    {
        var count = plan.ArchiveEvents > 0 ? plan.MonthsBack - 3 : 0;
        var from = thisMonth.AddMonths(-plan.MonthsBack);
        var months = Enumerable.Range(0, count)
            .Select(i => (Month: from.AddMonths(i), Target: (plan.ArchiveEvents / count) + (i < plan.ArchiveEvents % count ? 1 : 0)))
            .ToList();
        return await TopUpAsync(months, plan, progress, ct);
    }

    private async Task<long> TopUpAsync(List<(DateOnly Month, long Target)> months, SeedPlan plan, Func<long, SeedProgress> progress, CancellationToken ct)
    {
        if (months.Count == 0)
        {
            return 0;
        }

        var existing = await CountPerMonthAsync(months[0].Month, months[^1].Month.AddMonths(1), ct);
        var chunks = new List<Chunk>();
        foreach (var (month, target) in months)
        {
            var missing = target - existing.GetValueOrDefault(month);
            for (var part = 0; missing > 0; part++)
            {
                var rows = (int)Math.Min(missing, ChunkRows);
                chunks.Add(new Chunk(month, rows, ChunkSeed(plan.RandomSeed, month, part, existing.GetValueOrDefault(month))));
                missing -= rows;
            }
        }

        await using var bar = progress(chunks.Sum(c => (long)c.Rows));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = plan.Parallelism, CancellationToken = ct }, async (chunk, token) =>
        {
            await CopyAsync(chunk, bar, token);
        });
        return bar.Done;
    }

    private async Task CopyAsync(Chunk chunk, SeedProgress bar, CancellationToken ct)
    {
        var generator = new EventGenerator(chunk.Seed);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy events_archive (title, description, type, provider, venue, city, event_date) from stdin (format binary)", ct);
        for (var i = 1; i <= chunk.Rows; i++)
        {
            var e = generator.Next(chunk.Month);
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(e.Title, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Description, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Provider, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Venue, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.City, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.EventDate, NpgsqlDbType.TimestampTz, ct);
            if (i % ProgressStep == 0)
            {
                bar.Add(ProgressStep);
            }
        }

        await copy.CompleteAsync(ct);
        bar.Add(chunk.Rows % ProgressStep);
    }

    // Events per UTC calendar month in [from, to), the stadium concert excluded (it is not generated).
    private async Task<Dictionary<DateOnly, long>> CountPerMonthAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select date_trunc('month', event_date, 'UTC') at time zone 'UTC', count(*)
            from events_archive where event_date >= $1 and event_date < $2 and id <> $3
            group by 1
            """);
        cmd.Parameters.AddWithValue(ToUtc(from));
        cmd.Parameters.AddWithValue(ToUtc(to));
        cmd.Parameters.AddWithValue(StadiumConcert.EventId);
        var counts = new Dictionary<DateOnly, long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[DateOnly.FromDateTime(reader.GetDateTime(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    // Deterministic across processes (HashCode.Combine is randomised per process), so a plan generates the same catalogue.
    private static int ChunkSeed(int seed, DateOnly month, int part, long existing) =>
        unchecked((((((seed * 397) ^ month.DayNumber) * 397) ^ part) * 397) ^ (int)existing);

    private static DateTimeOffset ToUtc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
