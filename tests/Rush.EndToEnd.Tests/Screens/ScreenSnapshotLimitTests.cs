using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.Screens;

/// <summary>Each screen tells its reader when its start was cut to <c>Screens:SnapshotMaxOrders</c> orders.</summary>
[Collection("servers")]
public sealed class ScreenSnapshotLimitTests(TestServers servers) : IAsyncLifetime
{
    private ScreenSession _screens = null!;

    public async Task InitializeAsync() => _screens = await ScreenSession.StartAsync(servers, new Dictionary<string, string>
    {
        ["Screens:SnapshotMaxOrders"] = "1",
        // Every page reads its own snapshot, so the second page's start is taken after both orders.
        ["Screens:SnapshotCacheTime"] = "00:00:00",
    });

    public async Task DisposeAsync() => await _screens.DisposeAsync();

    [Fact]
    public async Task A_dashboard_started_from_a_truncated_snapshot_says_so_and_counts_what_it_shows()
    {
        var watching = await _screens.OpenAsync("/erp");
        await Expect(watching.GetByTestId("snapshot-truncated")).ToBeHiddenAsync();
        var first = await _screens.PlaceAsync(("Маргарита", 1));
        var second = await _screens.PlaceAsync(("Пепперони", 1));
        // A page is sent an order once it is in the hot state that the next page's snapshot reads.
        await Expect(watching.Locator($"[data-testid=feed-entry][data-order-id='{first.Id}']")).ToBeVisibleAsync();
        await Expect(watching.Locator($"[data-testid=feed-entry][data-order-id='{second.Id}']")).ToBeVisibleAsync();

        var fresh = await _screens.OpenAsync("/erp");

        await Expect(fresh.GetByTestId("snapshot-truncated")).ToBeVisibleAsync();
        await Expect(fresh.Locator("[data-testid=status-count][data-status=pending]")).ToHaveAttributeAsync("data-count", "1");
        await Expect(watching.GetByTestId("snapshot-truncated")).ToBeHiddenAsync();
        _screens.AssertNoPageErrors();
    }

    [Theory]
    [InlineData("/kds", ".board [data-testid=order-card]")]
    [InlineData("/kds/expo", "[data-testid=expo-order]")]
    public async Task A_kitchen_screen_started_from_a_truncated_snapshot_says_so(string path, string orderSelector)
    {
        var watching = await _screens.OpenAsync(path);
        await Expect(watching.GetByTestId("snapshot-truncated")).ToBeHiddenAsync();
        await _screens.PlaceAsync(("Маргарита", 1));
        await _screens.PlaceAsync(("Пепперони", 1));
        await Expect(watching.Locator(orderSelector)).ToHaveCountAsync(2);

        var fresh = await _screens.OpenAsync(path);

        await Expect(fresh.GetByTestId("snapshot-truncated")).ToBeVisibleAsync();
        await Expect(fresh.Locator(orderSelector)).ToHaveCountAsync(1);
        await Expect(watching.GetByTestId("snapshot-truncated")).ToBeHiddenAsync();
        _screens.AssertNoPageErrors();
    }
}
