using System.Net;
using System.Text.Json;
using Rush.Host.Tests.Orders;
using Rush.Host.Tests.Workflow;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Capacity;

[Collection("servers")]
public sealed class CapacityTests(TestServers servers)
{
    private static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> GetAsync(RushTestHost host, string path)
    {
        using var response = await host.KitchenRest.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookRequests.JsonAsync(response);
    }

    private static JsonElement SlotAt(JsonElement slots, DateTimeOffset start) =>
        slots.EnumerateArray().Single(s => s.GetProperty("start").GetDateTimeOffset() == start);

    [Fact]
    public async Task The_quote_follows_the_slot_loads_and_the_work_on_the_screens()
    {
        // 60 make-minutes per slot: two seed examples (24 each) leave room for one classic (12) at 10:00.
        var settings = KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:SlotCapacity:MaxMakeMinutes"] = "60";
        await using var host = await RushTestHost.StartAsync(servers, settings, new ManualClock(TenAm));

        var empty = await GetAsync(host, "/api/v1/kitchen/wait-quote");
        Assert.Equal(TenAm, empty.GetProperty("nextSlotStart").GetDateTimeOffset());
        Assert.Equal(TenAm.AddMinutes(12), empty.GetProperty("estimatedReadyAt").GetDateTimeOffset());
        Assert.Equal(0, empty.GetProperty("queueMinutes").GetInt32());
        Assert.Equal(96, empty.GetProperty("slots").GetArrayLength());

        var a = await CookRequests.PlaceAsync(host);
        await CookRequests.PlaceAsync(host);
        var quoted = await GetAsync(host, "/api/v1/kitchen/wait-quote");
        Assert.Equal(TenAm, quoted.GetProperty("nextSlotStart").GetDateTimeOffset());
        Assert.Equal(48, quoted.GetProperty("queueMinutes").GetInt32());

        // A third seed example spills to 10:15; one classic then fills 10:00 to the minute.
        await CookRequests.PlaceAsync(host);
        await CookRequests.PlaceAsync(host, ("Пицца Классическая", 1));
        var full = await GetAsync(host, "/api/v1/kitchen/wait-quote");
        Assert.Equal(TenAm.AddMinutes(15), full.GetProperty("nextSlotStart").GetDateTimeOffset());
        Assert.Equal(TenAm.AddMinutes(27), full.GetProperty("estimatedReadyAt").GetDateTimeOffset());
        Assert.Equal(84, full.GetProperty("queueMinutes").GetInt32());
        var first = full.GetProperty("slots")[0];
        Assert.Equal($"slot:{TenAm.ToUnixTimeSeconds()}", first.GetProperty("slotId").GetString());
        Assert.Equal(1924m * 2 + 962m, first.GetProperty("priceLoad").GetDecimal());
        Assert.Equal(30_000m, first.GetProperty("maxPrice").GetDecimal());
        Assert.Equal(60, first.GetProperty("minutesLoad").GetInt32());
        Assert.Equal(60, first.GetProperty("maxMinutes").GetInt32());
        Assert.Equal(1.0, first.GetProperty("utilisation").GetDouble());

        // A ready order is no longer queued work.
        var id = a.GetProperty("orderId").GetGuid();
        await CookRequests.WalkAsync(host.KitchenRest, id, "preparing", "cooking", "ready");
        Assert.Equal(60, (await GetAsync(host, "/api/v1/kitchen/wait-quote")).GetProperty("queueMinutes").GetInt32());
    }

    [Fact]
    public async Task The_day_view_shows_every_open_slot_with_its_load()
    {
        var settings = KitchenSettings.AllDays("00:00-24:00");
        settings["Kitchen:OpeningHours:Friday"] = "10:00-22:00";
        await using var host = await RushTestHost.StartAsync(servers, settings, new ManualClock(TenAm));
        await CookRequests.PlaceAsync(host);
        await CookRequests.PlaceAsync(host, ("Маргарита", 1), ("Кола 0.5", 3));

        var today = await GetAsync(host, "/api/v1/kitchen/slots");
        var byDate = await GetAsync(host, "/api/v1/kitchen/slots?date=2026-02-06");

        Assert.Equal(today.GetRawText(), byDate.GetRawText());
        Assert.Equal("2026-02-06", today.GetProperty("date").GetString());
        Assert.Equal("UTC", today.GetProperty("timeZone").GetString());
        var slots = today.GetProperty("slots");
        Assert.Equal(48, slots.GetArrayLength());
        Assert.Equal(TenAm, slots[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(TenAm.AddHours(12).AddMinutes(-15), slots[slots.GetArrayLength() - 1].GetProperty("start").GetDateTimeOffset());
        var loaded = SlotAt(slots, TenAm);
        Assert.Equal(1924m + 599m + 450m, loaded.GetProperty("priceLoad").GetDecimal());
        Assert.Equal(24 + 10 + 3, loaded.GetProperty("minutesLoad").GetInt32());
        Assert.InRange(loaded.GetProperty("utilisation").GetDouble(), 0.30, 0.31);
        Assert.All(slots.EnumerateArray().Skip(1), s => Assert.Equal(0, s.GetProperty("utilisation").GetDouble()));

        var saturday = await GetAsync(host, "/api/v1/kitchen/slots?date=2026-02-07");
        Assert.Equal(96, saturday.GetProperty("slots").GetArrayLength());
    }

    [Fact]
    public async Task A_closed_kitchen_has_no_slot_to_quote()
    {
        await using var host = await RushTestHost.StartAsync(servers, KitchenSettings.AllDays("closed"), new ManualClock(TenAm));

        var quote = await GetAsync(host, "/api/v1/kitchen/wait-quote");
        var day = await GetAsync(host, "/api/v1/kitchen/slots");

        Assert.Equal(JsonValueKind.Null, quote.GetProperty("nextSlotStart").ValueKind);
        Assert.Equal(JsonValueKind.Null, quote.GetProperty("estimatedReadyAt").ValueKind);
        Assert.Equal(0, quote.GetProperty("slots").GetArrayLength());
        Assert.Equal(0, day.GetProperty("slots").GetArrayLength());
    }

    [Theory]
    [InlineData("?date=06.02.2026", "invalid_date")]
    [InlineData("?date=2026-02-30", "invalid_date")]
    [InlineData("?date=2026-02-06&date=2026-02-07", "invalid_date")]
    [InlineData("?date=2031-01-01", "date_out_of_range")]
    public async Task Invalid_dates_are_refused_with_400(string query, string code)
    {
        await using var host = await RushTestHost.StartAsync(servers, clock: new ManualClock(TenAm));

        using var response = await host.KitchenRest.GetAsync("/api/v1/kitchen/slots" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await CookRequests.JsonAsync(response)).GetProperty("code").GetString());
    }
}
