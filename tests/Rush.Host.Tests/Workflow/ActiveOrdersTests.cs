using System.Net;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class ActiveOrdersTests(TestServers servers)
{
    private static async Task<List<Guid>> ActiveAsync(RushTestHost host, string query = "")
    {
        using var response = await host.KitchenRest.GetAsync("/api/v1/erp/orders/active" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await CookRequests.JsonAsync(response);
        return body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToList();
    }

    private static async Task<Guid> PlaceAsync(RushTestHost host, params (string, int)[] lines) =>
        (await CookRequests.PlaceAsync(host, lines)).GetProperty("orderId").GetGuid();

    [Fact]
    public async Task The_snapshot_holds_unfinished_orders_by_slot_and_filters_by_status_and_station()
    {
        // 24 make-minutes per slot: the orders spread over slots, and a small late order slips into
        // an earlier slot than a bigger order placed before it.
        var settings = Orders.KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:SlotCapacity:MaxMakeMinutes"] = "24";
        var clock = new ManualClock(new DateTimeOffset(2026, 2, 6, 10, 0, 0, TimeSpan.Zero));
        await using var host = await RushTestHost.StartAsync(servers, settings, clock);
        var pending = await PlaceAsync(host, ("Пицца Классическая", 2));
        var preparing = await PlaceAsync(host, ("Салат Цезарь", 2), ("Кола 0.5", 2));
        var ready = await PlaceAsync(host, ("Маргарита", 2));
        var cooking = await PlaceAsync(host, ("Кола 0.5", 1));
        var completed = await PlaceAsync(host, ("Маргарита", 1));
        var cancelled = await PlaceAsync(host, ("Маргарита", 1));
        await CookRequests.WalkAsync(host.KitchenRest, preparing, "preparing");
        await CookRequests.WalkAsync(host.KitchenRest, cooking, "preparing", "cooking");
        await CookRequests.WalkAsync(host.KitchenRest, ready, "preparing", "cooking", "ready");
        await CookRequests.WalkAsync(host.KitchenRest, completed, "preparing", "cooking", "ready", "completed");
        await CookRequests.WalkAsync(host.KitchenRest, cancelled, "cancelled");

        // pending (24 min) fills 10:00; preparing (12) takes 10:15; ready (20) does not fit there and
        // takes 10:30; cooking (1), placed after it, still fits 10:15.
        Assert.Equal([pending, preparing, cooking, ready], await ActiveAsync(host));
        Assert.Equal([cooking], await ActiveAsync(host, "?status=cooking"));
        Assert.Equal([preparing, cooking], await ActiveAsync(host, "?status=preparing,cooking"));
        Assert.Equal([preparing, ready], await ActiveAsync(host, "?status=preparing&status=ready"));
        Assert.Equal([pending, ready], await ActiveAsync(host, "?station=oven"));
        Assert.Equal([preparing, cooking], await ActiveAsync(host, "?station=drinks"));
        Assert.Equal([preparing], await ActiveAsync(host, "?station=cold&status=preparing"));
        Assert.Empty(await ActiveAsync(host, "?station=oven&status=cooking"));

        using var limited = await host.KitchenRest.GetAsync("/api/v1/erp/orders/active?limit=2");
        var body = await CookRequests.JsonAsync(limited);
        Assert.Equal(2, body.GetProperty("orders").GetArrayLength());
        Assert.True(body.GetProperty("truncated").GetBoolean());
        var first = body.GetProperty("orders")[0];
        Assert.Equal("pending", first.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, first.GetProperty("items")[0].GetProperty("ingredients").ValueKind);

        // A day later yesterday's unfinished orders are no longer the kitchen's work.
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Empty(await ActiveAsync(host));
    }

    [Theory]
    [InlineData("?status=completed", "invalid_status")]
    [InlineData("?status=burnt", "invalid_status")]
    [InlineData("?status=cooking,", "invalid_status")]
    [InlineData("?station=grill", "unknown_station")]
    [InlineData("?station=oven&station=cold", "unknown_station")]
    [InlineData("?limit=0", "invalid_limit")]
    [InlineData("?limit=many", "invalid_limit")]
    [InlineData("?limit=5001", "invalid_limit")]
    public async Task Invalid_filters_are_refused_with_400(string query, string code)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.KitchenRest.GetAsync("/api/v1/erp/orders/active" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await CookRequests.JsonAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (code == "unknown_station")
        {
            Assert.Equal(["cold", "drinks", "oven"], problem.GetProperty("allowed").EnumerateArray().Select(s => s.GetString()));
        }
    }
}
