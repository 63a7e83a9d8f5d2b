using System.Net.Http.Json;
using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.Screens;

/// <summary>The expo screen (<c>/kds/expo</c>): every active order with its stations' progress, and the wait quote.</summary>
[Collection("servers")]
public sealed class ExpoPageTests(TestServers servers) : IAsyncLifetime
{
    private ScreenSession _screens = null!;

    public async Task InitializeAsync() => _screens = await ScreenSession.StartAsync(servers);

    public async Task DisposeAsync() => await _screens.DisposeAsync();

    [Fact]
    public async Task Expo_shows_each_stations_done_items_and_the_wait_quote()
    {
        var page = await _screens.OpenAsync("/kds/expo");
        var order = await _screens.PlaceAsync(("Пепперони", 1), ("Маргарита", 1), ("Кола 0.5", 2));
        var row = page.Locator($"[data-testid=expo-order][data-order-id='{order.Id}']");
        await Expect(row).ToBeVisibleAsync();
        var oven = row.Locator("[data-testid=station-progress][data-station=oven]");
        var drinks = row.Locator("[data-testid=station-progress][data-station=drinks]");
        await Expect(oven).ToHaveAttributeAsync("data-total", "2");
        await Expect(oven).ToHaveAttributeAsync("data-done", "0");
        await Expect(drinks).ToHaveAttributeAsync("data-total", "1");

        var version = (await _screens.GetOrderAsync(order.Id)).GetProperty("version").GetInt32();
        using (var bump = await _screens.Host.KitchenRest.PutAsJsonAsync($"/api/v1/erp/orders/{order.Id}/items/2/status", new { done = true, expectedVersion = version }))
        {
            Assert.True(bump.IsSuccessStatusCode, await bump.Content.ReadAsStringAsync());
        }

        await Expect(drinks).ToHaveAttributeAsync("data-done", "1");
        await Expect(drinks).ToContainTextAsync("1/1");
        await Expect(oven).ToContainTextAsync("0/2");
        await Expect(page.GetByTestId("wait-quote")).ToHaveAttributeAsync("data-stale", "false");
        await Expect(page.GetByTestId("quote-queue")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Expect(page.GetByTestId("quote-ready")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));

        await _screens.PlaceAsync(("Четыре сыра", 2));
        await _screens.PlaceAsync(("Салат Цезарь", 1), ("Кола 0.5", 1));
        await Expect(page.GetByTestId("expo-order")).ToHaveCountAsync(3);
        await ScreenSession.ScreenshotAsync(page, "expo");
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Serving_a_ready_order_on_the_expo_completes_it_and_removes_it()
    {
        var page = await _screens.OpenAsync("/kds/expo");
        var order = await _screens.PlaceAsync(("Маргарита", 1));
        await _screens.MoveAsync(order.Id, "preparing", "cooking", "ready");
        var row = page.Locator($"[data-testid=expo-order][data-order-id='{order.Id}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "ready");

        await row.GetByTestId("serve-order").ClickAsync();

        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal("completed", (await _screens.GetOrderAsync(order.Id)).GetProperty("status").GetString());
        _screens.AssertNoPageErrors();
    }
}
