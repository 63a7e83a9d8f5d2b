using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class CancelTests(TestServers servers)
{
    // A fixed clock keeps every order of a test in one slot (the real clock may cross a slot boundary).
    private static ManualClock TenAm() => new(new DateTimeOffset(2026, 2, 6, 10, 0, 0, TimeSpan.Zero));

    private static async Task<(long Price, long Minutes)> SlotLoadAsync(RushTestHost host, string targetSlotId)
    {
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        var price = await db.StringGetAsync(targetSlotId);
        var minutes = await db.HashGetAsync(targetSlotId + ":info", "minutes_load");
        return ((long?)price ?? 0, (long?)minutes ?? 0);
    }

    [Fact]
    public async Task Cancelling_gives_the_slot_capacity_back_once_and_publishes_the_change()
    {
        await using var host = await RushTestHost.StartAsync(servers, clock: TenAm());
        var kept = await CookRequests.PlaceAsync(host);
        var placed = await CookRequests.PlaceAsync(host);
        var id = placed.GetProperty("orderId").GetGuid();
        var slot = placed.GetProperty("targetSlotId").GetString()!;
        Assert.Equal(slot, kept.GetProperty("targetSlotId").GetString());
        var before = await SlotLoadAsync(host, slot);
        Assert.Equal((2 * 192_400L, 2 * 24L), before);
        await CookRequests.WalkAsync(host.KitchenRest, id, "preparing");

        using var cancel = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cancelled", expectedVersion: 2);
        using var again = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cancelled");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await CookRequests.JsonAsync(cancel)).GetProperty("status").GetString());
        var total = placed.GetProperty("totalPrice").GetDecimal();
        Assert.Equal((before.Price - (long)(total * 100), before.Minutes - 24), await SlotLoadAsync(host, slot));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((192_400L, 24L), await SlotLoadAsync(host, slot));

        var events = await CookRequests.StatusEventsAsync(host, id);
        Assert.Equal(2, events.Count);
        Assert.Equal("cancelled", events[1].Order.Status);
        Assert.Equal("preparing", events[1].PreviousStatus);
        Assert.Equal(3, events[1].Order.Version);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'cancelled' and version = 3"));
    }

    [Fact]
    public async Task The_capacity_a_cancel_gives_back_takes_a_new_order_into_the_same_slot()
    {
        // Room for exactly one seed example (2 x 962) per slot.
        var settings = Orders.KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:SlotCapacity:MaxPrice"] = 1924.ToString(CultureInfo.InvariantCulture);
        await using var host = await RushTestHost.StartAsync(servers, settings, TenAm());
        var first = await CookRequests.PlaceAsync(host);
        var second = await CookRequests.PlaceAsync(host);
        Assert.NotEqual(first.GetProperty("targetSlotId").GetString(), second.GetProperty("targetSlotId").GetString());

        await CookRequests.WalkAsync(host.KitchenRest, first.GetProperty("orderId").GetGuid(), "cancelled");
        var third = await CookRequests.PlaceAsync(host);

        Assert.Equal(first.GetProperty("targetSlotId").GetString(), third.GetProperty("targetSlotId").GetString());
    }
}
