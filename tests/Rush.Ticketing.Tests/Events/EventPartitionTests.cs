using System.Globalization;
using System.Text;
using Npgsql;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Events;

namespace Rush.Ticketing.Tests.Events;

[Collection("servers")]
public sealed class EventPartitionTests(TestServers servers)
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("concert", null)]
    public async Task Current_events_query_never_opens_partitions_older_than_3_months(string? type, string? query)
    {
        await using var host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));
        var store = host.Services.GetRequiredService<EventStore>();
        await using var list = store.ListCommand(new EventFilter(Type: type, Query: query));

        var plan = await ExplainAsync(host.Database, list);

        var thisMonth = DateTime.UtcNow;
        Assert.Contains(PartitionName(thisMonth), plan, StringComparison.Ordinal);
        foreach (var old in new[] { new DateTime(2015, 1, 1), thisMonth.AddMonths(-5), thisMonth.AddMonths(-12) })
        {
            Assert.DoesNotContain(PartitionName(old), plan, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("концерт")]
    public async Task A_past_date_range_opens_only_the_partitions_of_its_months(string? query)
    {
        await using var host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));
        var store = host.Services.GetRequiredService<EventStore>();
        var month = new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var list = store.ListCommand(new EventFilter(From: month.AddDays(4), Before: month.AddDays(5), Query: query));

        var plan = await ExplainAsync(host.Database, list);

        Assert.Contains("events_2019_03", plan, StringComparison.Ordinal);
        var partitions = System.Text.RegularExpressions.Regex.Matches(plan, @"events_(\d{4}_\d{2}|default)").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(["events_2019_03"], partitions);
    }

    // The maintainers here run on their own data source, not in a host: a host's own maintainer runs once at
    // start-up, at a moment the test does not control.
    [Fact]
    public async Task Maintainer_recreates_a_missing_future_partition()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));
        var last = PartitionName(DateTime.UtcNow.AddMonths(EventPartitionMaintainer.MonthsAhead - 1));
        await DropAsync(db, last);

        var created = await Maintainer(db).EnsureAheadAsync(CancellationToken.None);

        Assert.Equal(1, created);
        Assert.Equal(1, await CountPartitionsAsync(db, last));
    }

    [Fact]
    public async Task Maintainers_running_at_once_create_each_missing_partition_exactly_once()
    {
        await using var db = NpgsqlDataSource.Create(await TicketingDatabases.CreateMigratedAsync(servers));
        var missing = Enumerable.Range(0, EventPartitionMaintainer.MonthsAhead)
            .Select(m => PartitionName(DateTime.UtcNow.AddMonths(m))).ToList();
        foreach (var name in missing)
        {
            await DropAsync(db, name);
        }

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Maintainer(db).EnsureAheadAsync(CancellationToken.None)));

        Assert.Equal(missing.Count, created.Sum());
        foreach (var name in missing)
        {
            Assert.Equal(1, await CountPartitionsAsync(db, name));
        }
    }

    private static EventPartitionMaintainer Maintainer(NpgsqlDataSource db) =>
        new(db, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EventPartitionMaintainer>.Instance);

    private static async Task DropAsync(NpgsqlDataSource db, string partition)
    {
        await using var drop = db.CreateCommand($"drop table {partition}");
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountPartitionsAsync(NpgsqlDataSource db, string partition)
    {
        await using var count = db.CreateCommand("select count(*) from pg_class where relname = $1");
        count.Parameters.AddWithValue(partition);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static string PartitionName(DateTime month) => "events_" + month.ToString("yyyy_MM", CultureInfo.InvariantCulture);

    // EXPLAIN (not ANALYZE) runs the executor's start-up, where partitions ruled out by now() are removed.
    private static async Task<string> ExplainAsync(NpgsqlDataSource db, NpgsqlCommand query)
    {
        await using var explain = db.CreateCommand("explain " + query.CommandText);
        foreach (NpgsqlParameter p in query.Parameters)
        {
            explain.Parameters.AddWithValue(p.ParameterName, p.Value!);
        }

        var plan = new StringBuilder();
        await using var r = await explain.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            plan.AppendLine(r.GetString(0));
        }

        return plan.ToString();
    }
}
