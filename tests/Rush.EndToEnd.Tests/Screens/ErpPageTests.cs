using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Slots;
using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.Screens;

/// <summary>The ERP dashboard (<c>/erp</c>): live feed, counts by status, slot utilisation chart, orders per minute.</summary>
[Collection("servers")]
public sealed class ErpPageTests(TestServers servers) : IAsyncLifetime
{
    private ScreenSession _screens = null!;

    public async Task InitializeAsync() => _screens = await ScreenSession.StartAsync(servers);

    public async Task DisposeAsync() => await _screens.DisposeAsync();

    // The page opens on the day of the order's slot: without a date it shows the kitchen's today, and an order
    // placed in the last minutes before the kitchen's midnight lands in a slot of the next day.
    [Fact]
    public async Task Slot_chart_shows_the_load_of_an_orders_slot_and_gives_it_back_when_the_order_is_cancelled()
    {
        var order = await _screens.PlaceAsync(("Пицца Классическая", 2));
        var page = await _screens.OpenAsync($"/erp?date={SlotDate(order):yyyy-MM-dd}");

        var price = page.Locator($"[data-testid=slot-bar-price][data-slot-id='{order.TargetSlotId}']");
        var minutes = page.Locator($"[data-testid=slot-bar-minutes][data-slot-id='{order.TargetSlotId}']");
        await Expect(price).Not.ToHaveAttributeAsync("data-value", "0.0");
        await Expect(minutes).Not.ToHaveAttributeAsync("data-value", "0.0");
        Assert.True(double.Parse((await price.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse((await minutes.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture) > 0);

        // 2 x 962 of the default 30 000 capacity; 2 x 12 of 120 make minutes.
        Assert.Equal(6.4, double.Parse((await price.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 1);
        Assert.Equal(20.0, double.Parse((await minutes.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 1);

        await _screens.MoveAsync(order.Id, "cancelled");
        await Expect(price).ToHaveAttributeAsync("data-value", "0.0");
        await Expect(minutes).ToHaveAttributeAsync("data-value", "0.0");
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Feed_counts_and_orders_per_minute_follow_the_live_orders()
    {
        var page = await _screens.OpenAsync("/erp");
        var first = await _screens.PlaceAsync(("Маргарита", 1));
        var second = await _screens.PlaceAsync(("Пепперони", 2), ("Кола 0.5", 2));
        await _screens.PlaceAsync(("Четыре сыра", 1));

        await Expect(page.Locator($"[data-testid=feed-entry][data-order-id='{first.Id}'][data-event=placed]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=status-count][data-status=pending]")).ToHaveAttributeAsync("data-count", "3");
        await Expect(page.GetByTestId("opm-total")).ToHaveTextAsync("3");

        await _screens.MoveAsync(second.Id, "preparing");
        await Expect(page.Locator("[data-testid=status-count][data-status=pending]")).ToHaveAttributeAsync("data-count", "2");
        await Expect(page.Locator("[data-testid=status-count][data-status=preparing]")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.Locator($"[data-testid=feed-entry][data-order-id='{second.Id}'][data-status=preparing]")).ToBeVisibleAsync();
        await ScreenSession.ScreenshotAsync(page, "erp");
        _screens.AssertNoPageErrors();
    }

    private DateOnly SlotDate(PlacedOrder order) => _screens.Host.Services.GetRequiredService<KitchenCalendar>().LocalDate(order.SlotStart);
}
