using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Tests.Screens;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Projection;

[Collection("servers")]
public sealed class HotStateBootstrapTests(TestServers servers)
{
    [Fact]
    public async Task When_redis_is_emptied_under_a_running_host_the_hot_state_comes_back_from_postgres()
    {
        var clock = new ManualClock(ScreensPipeline.TenAm);
        var settings = new Dictionary<string, string> { ["Projection:HotStateCheckInterval"] = "00:00:00.200" };
        await using var host = await ScreensPipeline.StartAsync(servers, clock, settings);
        var now = new[] { await ScreensPipeline.PlaceAsync(host), await ScreensPipeline.PlaceAsync(host) };
        var later = await ScreensPipeline.PlaceAsync(host, ScreensPipeline.TenAm.AddHours(3));
        await using var before = await ConnectAsync(host, "kds");
        await before.WaitForAsync(m => m.Count == 1, "the first snapshot");

        using (var admin = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).FlushAllDatabasesAsync();
        }

        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        await Poll.UntilAsync(() => db.KeyExistsAsync(HotStateKeys.ReadyMarker), Patience, "the hot state to be rebuilt");

        Assert.All(now.Append(later), id => Assert.True(db.KeyExists(HotStateKeys.Order(id)), $"erp:order:{id}"));
        Assert.Equal(now.Select(i => i.ToString()).Order(), (await db.SetMembersAsync(HotStateKeys.Active)).Select(v => (string)v!).Order());
        Assert.Equal([later.ToString()], (await db.SortedSetRangeByRankAsync(HotStateKeys.PendingSlots)).Select(v => (string)v!));
        Assert.Equal(3, (long)await db.StringGetAsync(HotStateKeys.TotalCount));
        await AssertSlotLoadsMatchPostgresAsync(host, db);

        // Screens connected before are told to resync; a new one gets everything in its snapshot.
        await before.WaitForCloseAsync();
        Assert.Equal((WebSocketCloseStatus)1012, before.CloseStatus);
        await using var erp = await ConnectAsync(host, "erp");
        await using var kds = await ConnectAsync(host, "kds");
        await Task.WhenAll(erp.WaitForAsync(m => m.Count == 1, "the ERP snapshot"), kds.WaitForAsync(m => m.Count == 1, "the KDS snapshot"));
        Assert.Equal(now.Append(later).Order(), SnapshotIds(erp.Messages[0]).Order());
        Assert.Equal(now.Order(), SnapshotIds(kds.Messages[0]).Order());
    }

    private static async Task AssertSlotLoadsMatchPostgresAsync(RushTestHost host, IDatabase db)
    {
        await using var cmd = host.Database.CreateCommand("""
            select target_slot_id, sum(total_price * 100)::bigint, sum(make_minutes)::bigint, array_agg(id::text), array_agg(display_id)
            from orders where status <> 'cancelled' group by target_slot_id
            """);
        await using var row = await cmd.ExecuteReaderAsync();
        var slots = 0;
        while (await row.ReadAsync())
        {
            slots++;
            var slot = row.GetInt64(0);
            Assert.Equal(row.GetInt64(1), (long)await db.StringGetAsync($"slot:{slot}"));
            Assert.Equal(row.GetInt64(2), (long)await db.HashGetAsync($"slot:{slot}:info", "minutes_load"));
            Assert.True((long)await db.HashGetAsync($"slot:{slot}:info", "max_minutes") > 0);
            Assert.Equal(row.GetFieldValue<string[]>(3).Order(), (await db.SetMembersAsync($"slot:{slot}:orders")).Select(v => (string)v!).Order());
            foreach (var displayId in row.GetFieldValue<string[]>(4))
            {
                Assert.True(await db.SetContainsAsync("kitchen:display_ids:20260206", displayId), $"display id {displayId}");
            }
        }

        Assert.Equal(2, slots);
    }
}
