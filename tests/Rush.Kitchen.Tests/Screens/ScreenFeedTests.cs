using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Promotion;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Screens;

[Collection("servers")]
public sealed class ScreenFeedTests(TestServers servers)
{
    [Fact]
    public async Task A_placed_order_reaches_a_kds_screen_with_a_sequence_number()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var kds = await ConnectAsync(host, "kds");
        await kds.WaitForAsync(m => m.Count == 1, "the snapshot");
        Assert.Equal("snapshot", Type(kds.Messages[0]));

        var id = await ScreensPipeline.PlaceAsync(host);

        await kds.WaitForOrderAsync(id, "the order on the KDS");
        var message = kds.About(id).Single();
        Assert.Equal("placed", message.GetProperty("event").GetString());
        Assert.True(Seq(message) > Seq(kds.Messages[0]));
        var order = message.GetProperty("order");
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal(1, order.GetProperty("version").GetInt32());
        Assert.True(order.GetProperty("visible").GetBoolean());
        Assert.Equal("Пицца Классическая", order.GetProperty("items")[0].GetProperty("pizzaName").GetString());
        Assert.Equal(1, host.Services.GetRequiredService<Kitchen.Screens.ScreenFeed>().ConnectedTo(Kitchen.Screens.ScreenHubKind.Kds));
    }

    [Fact]
    public async Task An_order_for_a_later_slot_reaches_the_kds_only_once_promoted_and_the_erp_at_once()
    {
        var clock = new ManualClock(ScreensPipeline.TenAm);
        await using var host = await ScreensPipeline.StartAsync(servers, clock);
        await using var kds = await ConnectAsync(host, "kds");
        await using var erp = await ConnectAsync(host, "erp");

        var later = await ScreensPipeline.PlaceAsync(host, ScreensPipeline.TenAm.AddHours(2));
        await erp.WaitForOrderAsync(later, "the later order on the ERP");
        Assert.False(erp.About(later).Single().GetProperty("order").GetProperty("visible").GetBoolean());

        // A second order, visible now: the KDS gets it, and messages come in seq order, so had the
        // later order been sent to the KDS it would have arrived first.
        var now = await ScreensPipeline.PlaceAsync(host);
        await kds.WaitForOrderAsync(now, "the immediate order on the KDS");
        Assert.Empty(kds.About(later));

        clock.Advance(TimeSpan.FromMinutes(95)); // slot 12:00, visible from 11:30
        await host.Services.GetRequiredService<OrderPromoter>().PromoteDueAsync(CancellationToken.None);

        await kds.WaitForOrderAsync(later, "the later order on the KDS after its visibleAt");
        var shown = kds.About(later).Single();
        Assert.Equal("visible", shown.GetProperty("event").GetString());
        Assert.True(shown.GetProperty("order").GetProperty("visible").GetBoolean());
        await erp.WaitForAsync(_ => erp.About(later).Count == 2, "the ERP to hear the order became visible");
    }

    [Fact]
    public async Task A_screen_that_reconnects_gets_exactly_the_messages_it_missed()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:ReplayWindow"] = "20" });
        long seen;
        await using (var first = await ConnectAsync(host, "erp"))
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await ScreensPipeline.PlaceAsync(host));
            }

            await first.WaitForAsync(_ => ids.All(id => first.About(id).Count > 0), "the first three orders");
            seen = first.LastSeq;
        }

        var missed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(await ScreensPipeline.PlaceAsync(host));
        }

        await using var again = await ConnectAsync(host, "erp", since: seen);
        var sentinel = await ScreensPipeline.PlaceAsync(host);
        await again.WaitForOrderAsync(sentinel, "the order placed after reconnecting");

        Assert.Equal([seen + 1, seen + 2, seen + 3, seen + 4], again.Messages.Select(Seq));
        Assert.All(again.Messages, m => Assert.Equal("order", Type(m)));
        Assert.Equal([.. missed, sentinel], again.Messages.Select(m => m.GetProperty("order").GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_screen_further_behind_than_the_replay_window_gets_a_snapshot()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:ReplayWindow"] = "5" });
        var early = await ScreensPipeline.PlaceAsync(host);
        long seen;
        await using (var first = await ConnectAsync(host, "erp"))
        {
            await first.WaitForAsync(m => m.Count == 1, "the snapshot");
            seen = first.LastSeq;
        }

        var missed = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            missed.Add(await ScreensPipeline.PlaceAsync(host));
        }

        await using var again = await ConnectAsync(host, "erp", since: seen);
        // The connect returns at the upgrade, before the server has read the snapshot: an order placed now could be
        // inside the snapshot instead of after it.
        await again.WaitForAsync(m => m.Count >= 1, "the snapshot");
        var sentinel = await ScreensPipeline.PlaceAsync(host);
        await again.WaitForOrderAsync(sentinel, "the order placed after reconnecting");

        var snapshot = again.Messages[0];
        Assert.Equal("snapshot", Type(snapshot));
        Assert.Equal(seen + 8, Seq(snapshot));
        Assert.Equal(missed.Prepend(early).Order(), SnapshotIds(snapshot).Order());
        Assert.Equal([Seq(snapshot) + 1], again.Messages.Skip(1).Select(Seq));
    }

    [Fact]
    public async Task A_message_pub_sub_lost_is_read_from_the_replay_log_and_delivered_in_order()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:GapTimeout"] = "00:00:00.100" });
        await using var erp = await ConnectAsync(host, "erp");
        await erp.WaitForAsync(m => m.Count == 1, "the snapshot");
        var lost = Guid.NewGuid();

        // As screen-publish.lua, minus the PUBLISH: the message is in the log, no instance heard it.
        var seq = (long)await host.Services.GetRequiredService<RedisConnection>().Database.ScriptEvaluateAsync("""
            local seq = string.format('%d', redis.call('INCR', 'screens:erp:seq'))
            redis.call('ZADD', 'screens:erp:log', seq, '{"type":"order","seq":' .. seq .. ',"event":"updated","order":{"id":"' .. ARGV[1] .. '"}}')
            return seq
            """, values: [lost.ToString()]);
        var placed = await ScreensPipeline.PlaceAsync(host);

        await erp.WaitForOrderAsync(placed, "the order published after the lost message");
        Assert.Equal([seq, seq + 1], erp.Messages.Skip(1).Select(Seq));
        Assert.Equal([lost, placed], erp.Messages.Skip(1).Select(m => m.GetProperty("order").GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_station_screen_gets_only_orders_and_items_of_its_station()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var oven = await ConnectAsync(host, "kds", station: "oven");
        await using var drinks = await ConnectAsync(host, "kds", station: "drinks");

        var pizza = await ScreensPipeline.PlaceAsync(host);
        var cola = await PlaceAsync(host, ("Кола 0.5", 2));
        var both = await PlaceAsync(host, ("Пицца Классическая", 1), ("Кола 0.5", 1));

        await drinks.WaitForOrderAsync(both, "the mixed order on the drinks screen");
        await oven.WaitForOrderAsync(both, "the mixed order on the oven screen");
        Assert.Empty(drinks.About(pizza));
        Assert.Empty(oven.About(cola));
        Assert.Single(drinks.About(cola));
        var items = drinks.About(both).Single().GetProperty("order").GetProperty("items");
        Assert.Equal(["drinks"], items.EnumerateArray().Select(i => i.GetProperty("station").GetString()));
    }

    private static async Task<Guid> PlaceAsync(RushTestHost host, params (string Pizza, int Quantity)[] lines)
    {
        var body = new Dictionary<string, object?>
        {
            ["items"] = lines.Select(l => new Dictionary<string, object> { ["pizzaName"] = l.Pizza, ["quantity"] = l.Quantity }).ToList(),
            ["customerFirstName"] = "Анна",
            ["customerPhone"] = "+79001234567",
            ["isPickup"] = true,
        };
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(host.Rest, "/api/v1/orders", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("orderId").GetGuid();
    }
}
