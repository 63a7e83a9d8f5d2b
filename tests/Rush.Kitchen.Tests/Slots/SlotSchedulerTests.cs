using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Slots;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Kitchen.Tests.Slots;

[Collection("servers")]
public sealed class SlotSchedulerTests(TestServers servers)
{
    private static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);

    // One classic pizza: 962.00 and 12 make minutes.
    private static readonly SlotAmounts Classic = new(96_200, 12);

    private async Task<RushTestHost> StartAsync(string hours, decimal maxPrice, int maxMinutes, ManualClock clock)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kitchen:TimeZone"] = "UTC",
            ["Kitchen:SlotCapacity:MaxPrice"] = maxPrice.ToString(CultureInfo.InvariantCulture),
            ["Kitchen:SlotCapacity:MaxMakeMinutes"] = maxMinutes.ToString(CultureInfo.InvariantCulture),
            ["Kitchen:ReservationTimeout"] = "00:00:10",
        };
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            settings[$"Kitchen:OpeningHours:{day}"] = hours;
        }

        return await RushTestHost.StartAsync(servers, settings, clock);
    }

    private static async Task<(long Price, long Minutes)> LoadAsync(RushTestHost host, DateTimeOffset slotStart)
    {
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        var id = slotStart.ToUnixTimeSeconds();
        var price = await db.StringGetAsync($"slot:{id}");
        var minutes = await db.HashGetAsync($"slot:{id}:info", "minutes_load");
        return ((long?)price ?? 0, (long?)minutes ?? 0);
    }

    [Fact]
    public async Task Concurrent_orders_never_exceed_make_minutes_and_overflow_to_later_slots()
    {
        // Price room for 10 classic pizzas per slot, minute room for 5: minutes decide.
        await using var host = await StartAsync("00:00-24:00", maxPrice: 9_620m, maxMinutes: 60, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();

        var reservations = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => scheduler.ReserveAsync(Guid.CreateVersion7(), Classic, null))));

        var perSlot = reservations.GroupBy(r => r.SlotStart).OrderBy(g => g.Key).ToList();
        Assert.Equal(40, perSlot.Count);
        Assert.All(perSlot, g => Assert.Equal(5, g.Count()));
        Assert.Equal(TenAm, perSlot[0].Key);
        for (var i = 0; i < perSlot.Count; i++)
        {
            Assert.Equal(TenAm.AddMinutes(15 * i), perSlot[i].Key);
            Assert.Equal((5 * 96_200L, 60L), await LoadAsync(host, perSlot[i].Key));
        }
    }

    [Fact]
    public async Task Concurrent_orders_never_exceed_price_capacity()
    {
        // Minute room for 100 pizzas, price room for 10: the seed's price capacity decides.
        await using var host = await StartAsync("00:00-24:00", maxPrice: 9_620m, maxMinutes: 1200, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();

        var reservations = await Task.WhenAll(Enumerable.Range(0, 95).Select(_ =>
            Task.Run(() => scheduler.ReserveAsync(Guid.CreateVersion7(), Classic, null))));

        var counts = reservations.GroupBy(r => r.SlotStart).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 5], counts);
        Assert.Equal(962_000L, (await LoadAsync(host, TenAm)).Price);
    }

    [Fact]
    public async Task When_every_slot_of_the_day_is_full_the_order_is_refused_and_nothing_is_reserved()
    {
        // Open 10:00-11:00: four slots of room for two orders each.
        await using var host = await StartAsync("10:00-11:00", maxPrice: 2_000m, maxMinutes: 100, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();
        for (var i = 0; i < 8; i++)
        {
            await scheduler.ReserveAsync(Guid.CreateVersion7(), Classic, null);
        }

        var orderId = Guid.CreateVersion7();
        var refused = await Assert.ThrowsAsync<OrderRejectedException>(() => scheduler.ReserveAsync(orderId, Classic, null));

        Assert.Equal(RejectionKind.SlotsFull, refused.Kind);
        Assert.Equal("All slots are full for today", refused.Message);
        Assert.Equal(TimeSpan.FromMinutes(15), refused.RetryAfter);
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        Assert.False(await db.KeyExistsAsync($"order:slot:{orderId}"));
        Assert.Equal((192_400L, 24L), await LoadAsync(host, TenAm.AddMinutes(45)));
    }

    [Fact]
    public async Task Outside_opening_hours_the_kitchen_is_closed()
    {
        await using var host = await StartAsync("10:00-11:00", maxPrice: 2_000m, maxMinutes: 100, new ManualClock(TenAm.AddHours(2)));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();

        var refused = await Assert.ThrowsAsync<OrderRejectedException>(() => scheduler.ReserveAsync(Guid.CreateVersion7(), Classic, null));

        Assert.Equal(RejectionKind.KitchenClosed, refused.Kind);
        Assert.Equal("Kitchen is closed", refused.Message);
    }

    [Fact]
    public async Task An_order_bigger_than_a_whole_slot_is_refused_as_too_large()
    {
        await using var host = await StartAsync("00:00-24:00", maxPrice: 2_000m, maxMinutes: 100, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();

        var refused = await Assert.ThrowsAsync<OrderRejectedException>(() => scheduler.ReserveAsync(Guid.CreateVersion7(), new SlotAmounts(300_000, 12), null));

        Assert.Equal("order_too_large", refused.Code);
    }

    [Fact]
    public async Task Releasing_gives_capacity_and_display_id_back_once()
    {
        await using var host = await StartAsync("00:00-24:00", maxPrice: 2_000m, maxMinutes: 100, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        var orderId = Guid.CreateVersion7();
        var reservation = await scheduler.ReserveAsync(orderId, Classic, null);
        Assert.Equal(orderId.ToString("N")[^4..], reservation.DisplayId);

        Assert.True(await scheduler.ReleaseAsync(orderId));
        Assert.False(await scheduler.ReleaseAsync(orderId));

        Assert.Equal((0L, 0L), await LoadAsync(host, reservation.SlotStart));
        Assert.False(await db.SetContainsAsync("kitchen:display_ids:20260206", reservation.DisplayId));
        Assert.Null(await db.SortedSetScoreAsync(SlotKeys.Pending, orderId.ToString()));
    }

    [Fact]
    public async Task A_display_id_already_shown_today_grows_by_one_character()
    {
        await using var host = await StartAsync("00:00-24:00", maxPrice: 20_000m, maxMinutes: 1000, new ManualClock(TenAm));
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();
        var first = Guid.Parse("01a200fb-c322-7c1a-9152-51a3c053198c");
        var second = Guid.Parse("01a200fb-c322-7c1a-9152-51a3c054198c");

        var a = await scheduler.ReserveAsync(first, Classic, null);
        var b = await scheduler.ReserveAsync(second, Classic, null);

        Assert.Equal("198c", a.DisplayId);
        Assert.Equal("4198c", b.DisplayId);
    }

    [Fact]
    public async Task Reaper_releases_reservations_never_committed_and_keeps_committed_ones()
    {
        var clock = new ManualClock(TenAm);
        await using var host = await StartAsync("00:00-24:00", maxPrice: 20_000m, maxMinutes: 1000, clock);
        var scheduler = host.Services.GetRequiredService<SlotScheduler>();
        var reaper = host.Services.GetRequiredService<SlotReservationReaper>();
        var committed = await host.Services.GetRequiredService<OrderIntake>().PlaceAsync(new CreateOrderRequest
        {
            PizzaName = "Маргарита",
            Quantity = 1,
            CustomerFirstName = "Анна",
            CustomerPhone = "+79001234567",
            IsPickup = true,
        }, null, null, OrderChannel.Rest, CancellationToken.None);
        var abandoned = await scheduler.ReserveAsync(Guid.CreateVersion7(), Classic, null);
        Assert.Equal(committed.SlotStartTime, abandoned.SlotStart);

        // As if the commit's confirmation to Redis had been lost: the reaper must check Postgres.
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        await db.SortedSetAddAsync(SlotKeys.Pending, committed.OrderId.ToString(), clock.GetUtcNow().ToUnixTimeMilliseconds());

        // Not yet overdue: the writer might still commit it.
        clock.Advance(TimeSpan.FromSeconds(15));
        await reaper.ReapOnceAsync(CancellationToken.None);
        Assert.Equal((59_900L + 96_200L, 10L + 12L), await LoadAsync(host, abandoned.SlotStart));

        clock.Advance(TimeSpan.FromSeconds(10));
        await reaper.ReapOnceAsync(CancellationToken.None);
        Assert.Equal((59_900L, 10L), await LoadAsync(host, abandoned.SlotStart));
        Assert.Equal(0, await db.SortedSetLengthAsync(SlotKeys.Pending));
    }
}
