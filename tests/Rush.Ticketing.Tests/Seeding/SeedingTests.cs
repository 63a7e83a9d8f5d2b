using Npgsql;
using Rush.Testing.Servers;
using Rush.Ticketing.Seeding;

namespace Rush.Ticketing.Tests.Seeding;

[Collection("servers")]
public sealed class SeedingTests(TestServers servers)
{
    private static readonly SeedPlan Small = new()
    {
        Users = 120,
        EventsPerMonth = 7,
        MonthsAhead = 1,
        ArchiveEvents = 50,
        MonthsBack = 10,
        Parallelism = 2,
    };

    [Fact]
    public async Task Small_plan_writes_exactly_its_sizes()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));

        var report = await SeedAsync(db, Small);

        Assert.Equal((120, 7 * 5, 50, 100_000), (report.Users, report.CurrentEvents, report.ArchiveEvents, report.Seats));
        Assert.Equal(120, await ScalarAsync(db, "select count(*) from users where email like 'user%@rush.local'"));
        var thisMonth = ThisMonth();
        foreach (var month in Enumerable.Range(-3, 5).Select(thisMonth.AddMonths))
        {
            Assert.Equal(7, await EventsInAsync(db, month, month.AddMonths(1)));
        }

        Assert.Equal(50, await EventsInAsync(db, thisMonth.AddMonths(-10), thisMonth.AddMonths(-3)));
        Assert.Equal(1 + 35 + 50, await ScalarAsync(db, "select count(*) from events_archive"));
    }

    [Fact]
    public async Task Event_1_is_the_stadium_concert_with_100000_seats_in_the_five_zones()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));

        await SeedAsync(db, Small);

        Assert.Equal(1, await ScalarAsync(db, "select count(*) from events_archive where id = 1 and type = 'concert' and event_date > now()"));
        Assert.True(await ScalarAsync(db, "select min(id) from events_archive where id <> 1") > 1, "generated ids start after event 1");
        await using var cmd = db.CreateCommand("""
            select zone, count(*), min(price), max(price), count(distinct (row, number)), bool_and(status = 'FREE')
            from seats where event_id = 1 group by zone order by min(price)
            """);
        var zones = new List<(string, long, decimal, decimal, long, bool)>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                zones.Add((r.GetString(0), r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3), r.GetInt64(4), r.GetBoolean(5)));
            }
        }

        Assert.Equal(
            [("Golden circle", 10_000, 40_000m, 40_000m, 10_000, true), ("Fan zone", 15_000, 80_000m, 80_000m, 15_000, true),
             ("Lower tier", 20_000, 120_000m, 120_000m, 20_000, true), ("Middle tier", 25_000, 160_000m, 160_000m, 25_000, true),
             ("Upper tier", 30_000, 200_000m, 200_000m, 30_000, true)],
            zones);
    }

    [Fact]
    public async Task Running_the_same_plan_again_writes_nothing()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));
        await SeedAsync(db, Small);
        var before = await CountsAsync(db);

        var again = await SeedAsync(db, Small);

        Assert.True(again.NothingWritten, again.ToString());
        Assert.Equal(before, await CountsAsync(db));
    }

    [Fact]
    public async Task A_bigger_plan_writes_only_the_difference()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));
        await SeedAsync(db, Small);

        var bigger = await SeedAsync(db, Small with { Users = 170, EventsPerMonth = 9, Stadium = false });

        Assert.Equal((50, 2 * 5, 0, 0), (bigger.Users, bigger.CurrentEvents, bigger.ArchiveEvents, bigger.Seats));
        Assert.Equal(170, await ScalarAsync(db, "select count(distinct email) from users where email like 'user%@rush.local'"));
        Assert.Equal(1, await ScalarAsync(db, "select count(*) from users where email = 'user170@rush.local'"));
    }

    private static Task<SeedReport> SeedAsync(NpgsqlDataSource db, SeedPlan plan) =>
        new TicketingSeeder(db, TimeProvider.System).RunAsync(plan, TextWriter.Null, live: false, CancellationToken.None);

    private static DateOnly ThisMonth() => new(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);

    private static async Task<long> EventsInAsync(NpgsqlDataSource db, DateOnly from, DateOnly to)
    {
        await using var cmd = db.CreateCommand("select count(*) from events_archive where id <> 1 and event_date >= $1 and event_date < $2");
        cmd.Parameters.AddWithValue(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.AddWithValue(new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<(long Users, long Events, long Seats)> CountsAsync(NpgsqlDataSource db) =>
        (await ScalarAsync(db, "select count(*) from users"), await ScalarAsync(db, "select count(*) from events_archive"), await ScalarAsync(db, "select count(*) from seats"));

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
