using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Slots;
using Rush.Kitchen.Workflow;
using Rush.Platform.Persistence;
using Rush.Kitchen.Tests.Screens;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Kitchen.Tests.Slots;

/// <summary>The Postgres slot ledger: the fallback while Redis is away, and the switch there and back (issue 12 item 5).</summary>
[Collection("servers")]
public sealed class SlotFallbackTests(TestServers servers)
{
    private static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly SlotAmounts Classic = new(96_200, 12);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string> Kitchen(decimal maxPrice, int maxMinutes)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kitchen:TimeZone"] = "UTC",
            ["Kitchen:SlotCapacity:MaxPrice"] = maxPrice.ToString(CultureInfo.InvariantCulture),
            ["Kitchen:SlotCapacity:MaxMakeMinutes"] = maxMinutes.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            settings[$"Kitchen:OpeningHours:{day}"] = "00:00-24:00";
        }

        return settings;
    }

    [Fact]
    public async Task Concurrent_fallback_claims_never_exceed_a_slot_and_overflow_to_later_slots_with_unique_display_ids()
    {
        // Minute room for 5 classic pizzas per slot: 200 concurrent claims fill exactly 40 slots.
        await using var host = await RushTestHost.StartAsync(servers, Kitchen(9_620m, 60), new ManualClock(TenAm));
        var ledger = host.Services.GetRequiredService<SlotLedger>();

        var claims = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => ledger.ClaimAsync(Guid.CreateVersion7(), Classic, null, CancellationToken.None))));

        var perSlot = claims.GroupBy(c => c.SlotStart).OrderBy(g => g.Key).ToList();
        Assert.Equal(40, perSlot.Count);
        Assert.All(perSlot, g => Assert.Equal(5, g.Count()));
        Assert.Equal(TenAm, perSlot[0].Key);
        Assert.All(claims, c => Assert.True(c.InPostgres));
        Assert.Equal(200, claims.Select(c => c.DisplayId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, await host.CountAsync("slot_ledger", "load[2] > 60 or load[1] > 962000"));
        Assert.Equal(40, await host.CountAsync("slot_ledger", "load[2] = 60"));

        // Giving a claim back frees its room and its display id, once.
        Assert.True(await ledger.ReleaseAsync(claims[0].OrderId, CancellationToken.None));
        Assert.False(await ledger.ReleaseAsync(claims[0].OrderId, CancellationToken.None));
        var again = await ledger.ClaimAsync(Guid.CreateVersion7(), Classic, null, CancellationToken.None);
        Assert.Equal(claims[0].SlotStart, again.SlotStart);
    }

    [Fact]
    public async Task An_order_redis_placed_on_stale_loads_is_refused_at_commit_and_placed_by_the_ledger_in_the_next_slot_with_room()
    {
        // The Postgres ledger holds a full 10:00 slot that Redis does not know about (as after Redis lost writes).
        await using var host = await RushTestHost.StartAsync(servers, Kitchen(9_620m, 60), new ManualClock(TenAm));
        var ledger = host.Services.GetRequiredService<SlotLedger>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TenAm, (await ledger.ClaimAsync(Guid.CreateVersion7(), Classic, null, CancellationToken.None)).SlotStart);
        }

        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(host.Rest, "/api/v1/orders", new Dictionary<string, object?>
        {
            ["customerId"] = 1,
            ["pizzaName"] = "Пицца Классическая",
            ["quantity"] = 1,
            ["customerFirstName"] = "Иван",
            ["customerPhone"] = "+79001234567",
            ["isPickup"] = true,
        });

        // Redis chose 10:00; the ledger refused that at commit and placed the order at 10:15 instead.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var quarterPast = TenAm.AddMinutes(15).ToUnixTimeSeconds();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(SlotKeys.SlotId(quarterPast), body.RootElement.GetProperty("targetSlotId").GetString());
        Assert.Equal(1, await host.CountAsync("orders", $"target_slot_id = {quarterPast}"));
        Assert.Equal(1, await host.CountAsync("orders"));
        Assert.Equal(1, await host.CountAsync("slot_ledger", "load[2] = 60"));
        Assert.Equal(1, await host.CountAsync("slot_ledger", $"slot_start = {quarterPast} and load[2] = 12"));

        // Redis' reservation at 10:00 was given back: it holds no load there.
        using var connection = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        Assert.Equal(0, (long?)await connection.GetDatabase().HashGetAsync(SlotKeys.Info(TenAm.ToUnixTimeSeconds()), "minutes_load") ?? 0);
    }

    [Fact]
    public async Task A_cancelled_order_gives_the_ledger_back_exactly_the_demand_its_commit_recorded_and_its_display_id()
    {
        await using var host = await RushTestHost.StartAsync(servers, Kitchen(9_620m, 60), new ManualClock(TenAm));
        var placed = await PlaceManyAsync(host, 2);
        var slot = TenAm.ToUnixTimeSeconds();
        Assert.Equal(1, await host.CountAsync("slot_ledger", $"slot_start = {slot} and load = array[192400, 24]::bigint[]"));
        Assert.Equal(2, await host.CountAsync("slot_display_ids", $"slot_start = {slot} and demand = array[96200, 12]::bigint[]"));

        await host.Services.GetRequiredService<OrderWorkflow>().ChangeStatusAsync(placed[0], "cancelled", null, CancellationToken.None);

        Assert.Equal(1, await host.CountAsync("slot_ledger", $"slot_start = {slot} and load = array[96200, 12]::bigint[]"));
        Assert.Equal(0, await host.CountAsync("slot_display_ids", $"order_id = '{placed[0]}'"));
        Assert.Equal(1, await host.CountAsync("slot_display_ids", $"order_id = '{placed[1]}'"));
    }

    [Fact]
    public async Task Migration_007_records_the_display_id_of_an_order_from_before_the_ledger_on_each_possible_kitchen_day()
    {
        // The backfill looks at slots still open by the database's clock, so this test's orders are placed now.
        var now = DateTimeOffset.UtcNow;
        await using var host = await RushTestHost.StartAsync(servers, Kitchen(9_620m, 60), new ManualClock(now));
        var placed = await PlaceManyAsync(host, 1);
        await using (var rewind = host.Database.CreateCommand(
            $"delete from slot_display_ids where order_id = '{placed[0]}'; delete from schema_migrations where id = 'kitchen/007_slot_ledger_entries.sql'"))
        {
            await rewind.ExecuteNonQueryAsync();
        }

        Assert.Equal(["kitchen/007_slot_ledger_entries.sql"], await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None));

        Assert.Equal(3, await host.CountAsync("slot_display_ids x join orders o on o.id = x.order_id",
            $"o.id = '{placed[0]}' and x.demand = array[96200, 12]::bigint[] and x.day - (o.target_slot_start at time zone 'UTC')::date between -1 and 1"));
    }

    [Fact]
    public async Task A_fallback_claim_restored_into_redis_whose_order_never_commits_is_released_from_both_by_the_reapers()
    {
        var clock = new ManualClock(TenAm);
        await using var host = await RushTestHost.StartAsync(servers, Kitchen(9_620m, 60), clock);
        var ledger = host.Services.GetRequiredService<SlotLedger>();
        var claim = await ledger.ClaimAsync(Guid.CreateVersion7(), Classic, null, CancellationToken.None);

        // As a resync after an outage does: Redis, deciding again, counts the claim, as a pending reservation.
        Assert.Equal(1, await host.Services.GetRequiredService<HotStateRebuild>().RestoreClaimsAsync(await ledger.ClaimsAsync(CancellationToken.None), CancellationToken.None));
        using var connection = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var info = SlotKeys.Info(claim.SlotStart.ToUnixTimeSeconds());
        Assert.Equal(12, (long)await db.HashGetAsync(info, "minutes_load"));
        Assert.NotNull(await db.SortedSetScoreAsync(SlotKeys.Pending, claim.OrderId.ToString()));

        // Its order never reaches Postgres: past the deadline each reaper gives the capacity back where it settles
        // (the host's own reaper loops may get there first; either way this is the state after them).
        clock.Advance(TimeSpan.FromMinutes(2));
        await host.Services.GetRequiredService<SlotReservationReaper>().ReapOnceAsync(CancellationToken.None);
        await ledger.ReapOnceAsync(CancellationToken.None);
        Assert.Equal(0, (long)await db.HashGetAsync(info, "minutes_load"));
        Assert.Null(await db.SortedSetScoreAsync(SlotKeys.Pending, claim.OrderId.ToString()));
        Assert.Equal(0, await host.CountAsync("slot_ledger", "load[2] > 0"));
        Assert.Equal(0, await host.CountAsync("slot_claims"));
    }

    [Fact]
    public async Task Orders_during_a_redis_outage_go_through_postgres_keep_capacity_and_unique_display_ids_and_redis_is_resynced_after()
    {
        // A Redis of this test's own, so killing it disturbs no other test. 5 classic pizzas per slot.
        await using var redis = await RedisServer.StartAsync();
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string>(Kitchen(9_620m, 60))
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        }, flushRedis: false);
        var resync = host.Services.GetRequiredService<HotStateResync>();
        var authority = host.Services.GetRequiredService<SlotAuthority>();

        var before = await PlaceManyAsync(host, 3);
        await redis.KillAsync();
        var during = await PlaceManyAsync(host, 12);

        // Readiness tells the truth: Redis is down, but intake serves through its fallback.
        using (var ready = await host.Rest.GetAsync("/health/ready"))
        {
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("degraded", body.GetProperty("status").GetString());
            Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }

        // Decided by the Postgres ledger: each has its fallback claim (the reaper drops it a timeout after its deadline).
        Assert.Equal(12, await host.CountAsync("slot_claims", $"order_id in ({string.Join(',', during.Select(id => $"'{id}'"))})"));

        // Redis comes back without its disk: the resync rebuilds it from Postgres before Redis decides again.
        await redis.StartEmptyAsync();
        await Poll.UntilAsync(() => Task.FromResult(resync.Completed >= 1 && authority.RedisDecides), Patience, "the resync after Redis came back");
        var after = await PlaceManyAsync(host, 5);

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        foreach (var id in before.Concat(during))
        {
            Assert.True(await db.KeyExistsAsync(HotStateKeys.Order(id)), $"order {id} is projected again");
        }

        // Postgres: 20 orders, no slot over capacity, display ids unique; Redis' loads equal Postgres' committed loads.
        Assert.Equal(20, await host.CountAsync("orders"));
        await using var perSlot = host.Database.CreateCommand(
            "select target_slot_id, sum(make_minutes)::bigint, count(distinct display_id) = count(*) from orders group by target_slot_id order by 1");
        await using var reader = await perSlot.ExecuteReaderAsync();
        var slots = 0;
        while (await reader.ReadAsync())
        {
            slots++;
            var slot = reader.GetInt64(0);
            var minutes = reader.GetInt64(1);
            Assert.True(minutes <= 60, $"slot {slot} holds {minutes} make-minutes");
            Assert.True(reader.GetBoolean(2));
            Assert.Equal(minutes, (long)await db.HashGetAsync(SlotKeys.Info(slot), "minutes_load"));
        }

        Assert.Equal(4, slots);
        Assert.Equal(20, await host.CountAsync("(select distinct display_id from orders) d"));
        Assert.NotEmpty(after);
    }

    private static async Task<List<Guid>> PlaceManyAsync(RushTestHost host, int count) =>
        [.. await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ScreensPipeline.PlaceAsync(host)))];
}
