using System.Net;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Seeding;

namespace Rush.Ticketing.Tests.Analytics;

[Collection("servers")]
public sealed class AnalyticsApiTests(TestServers servers)
{
    [Fact]
    public async Task Analytics_counts_seats_revenue_and_bookings_per_zone()
    {
        await using var host = await StartWithStadiumAsync();
        await ExecuteAsync(host, """
            insert into users (id, email, password_hash) values (900001, 'buyer@rush.local', 'x');
            insert into bookings (id, user_id, event_id, status, expires_at) values
                (1, 900001, 1, 'paid', now()), (2, 900001, 1, 'paid', now()), (3, 900001, 1, 'pending_payment', now() + interval '1 hour'),
                (4, 900001, 1, 'cancelled', now()), (5, 900001, 1, 'created', now() + interval '1 hour');
            update seats set status = 'SOLD', booking_id = 1 where id in (select id from seats where event_id = 1 and zone = 'Golden circle' order by id limit 3);
            update seats set status = 'SOLD', booking_id = 2 where id in (select id from seats where event_id = 1 and zone = 'Upper tier' order by id limit 2);
            update seats set status = 'RESERVED', booking_id = 3 where id in (select id from seats where event_id = 1 and zone = 'Fan zone' order by id limit 4);
            """);

        var stats = await GetAsync(host.OperatorRest, "/api/analytics?id=1");

        Assert.Equal((1L, 100_000L, 99_991L, 0L, 4L, 5L, 520_000m), (
            stats.GetProperty("event_id").GetInt64(), stats.GetProperty("total_seats").GetInt64(), stats.GetProperty("free_seats").GetInt64(),
            stats.GetProperty("selected_seats").GetInt64(), stats.GetProperty("reserved_seats").GetInt64(), stats.GetProperty("sold_seats").GetInt64(),
            decimal.Parse(stats.GetProperty("total_revenue").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(5, stats.GetProperty("bookings_count").GetInt64());
        var bookings = stats.GetProperty("bookings");
        Assert.Equal((5L, 1L, 1L, 2L, 1L), (
            bookings.GetProperty("total").GetInt64(), bookings.GetProperty("created").GetInt64(), bookings.GetProperty("pending_payment").GetInt64(),
            bookings.GetProperty("paid").GetInt64(), bookings.GetProperty("cancelled").GetInt64()));
        var zones = stats.GetProperty("zones").EnumerateArray()
            .Select(z => (z.GetProperty("zone").GetString(), Money(z.GetProperty("price")), z.GetProperty("free_seats").GetInt64(),
                z.GetProperty("reserved_seats").GetInt64(), z.GetProperty("sold_seats").GetInt64(), Money(z.GetProperty("revenue"))))
            .ToList();
        Assert.Equal(
            [("Golden circle", 40_000m, 9_997L, 0L, 3L, 120_000m), ("Fan zone", 80_000m, 14_996L, 4L, 0L, 0m),
             ("Lower tier", 120_000m, 20_000L, 0L, 0L, 0m), ("Middle tier", 160_000m, 25_000L, 0L, 0L, 0m),
             ("Upper tier", 200_000m, 29_998L, 0L, 2L, 400_000m)],
            zones);
    }

    [Fact]
    public async Task Revenue_is_shown_to_operators_only()
    {
        await using var host = await StartWithStadiumAsync();

        var anonymous = await GetAsync(host.Rest, "/api/analytics?id=1");
        var kitchen = await GetAsync(host.KitchenRest, "/api/analytics?id=1");
        var operatorView = await GetAsync(host.OperatorRest, "/api/analytics?id=1");

        foreach (var hidden in new[] { anonymous, kitchen })
        {
            Assert.False(hidden.TryGetProperty("total_revenue", out _), "revenue is for operators");
            Assert.All(hidden.GetProperty("zones").EnumerateArray(), z => Assert.False(z.TryGetProperty("revenue", out _)));
            Assert.Equal(100_000L, hidden.GetProperty("total_seats").GetInt64());
        }

        Assert.Equal("0.00", operatorView.GetProperty("total_revenue").GetString());
    }

    [Theory]
    [InlineData("/api/analytics", HttpStatusCode.BadRequest)]
    [InlineData("/api/analytics?id=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/analytics?id=424242", HttpStatusCode.NotFound)]
    public async Task Missing_or_unknown_event_is_refused(string path, HttpStatusCode status)
    {
        await using var host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));

        using var response = await host.Rest.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
    }

    private async Task<RushTestHost> StartWithStadiumAsync()
    {
        var host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));
        await host.Services.GetRequiredService<TicketingSeeder>().RunAsync(
            new SeedPlan { Users = 0, EventsPerMonth = 0, ArchiveEvents = 0 }, TextWriter.Null, live: false, CancellationToken.None);
        return host;
    }

    private static decimal Money(JsonElement value) => decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(RushTestHost host, string sql)
    {
        await using var connection = await host.Database.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
