using Microsoft.Playwright;
using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.Screens;

/// <summary>The kitchen display (<c>/kds</c>) in a real browser against a real host: live cards, bumps, recall, stations, resync.</summary>
[Collection("servers")]
public sealed class KdsPageTests(TestServers servers) : IAsyncLifetime
{
    private const string Margherita = "Маргарита";
    private const string Pepperoni = "Пепперони";
    private const string Cola = "Кола 0.5";

    private ScreenSession _screens = null!;

    public async Task InitializeAsync() => _screens = await ScreenSession.StartAsync(servers);

    public async Task DisposeAsync() => await _screens.DisposeAsync();

    private static ILocator Card(IPage page, string column, PlacedOrder order) =>
        page.Locator($"[data-testid=column-{column}] [data-testid=order-card][data-order-id='{order.Id}']");

    private static ILocator AnyBoardCard(IPage page, PlacedOrder order) =>
        page.Locator($".board [data-testid=order-card][data-order-id='{order.Id}']");

    [Fact]
    public async Task Without_a_session_the_page_is_a_sign_in_form_that_refuses_a_wrong_password_and_opens_the_board_with_the_right_one()
    {
        var page = await _screens.Context.NewPageAsync();
        var response = await page.GotoAsync("/kds");
        Assert.Equal(401, response!.Status);
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("column-pending")).ToHaveCountAsync(0);

        await page.GetByTestId("sign-in-email").FillAsync(Rush.Platform.Identity.DemoStaff.KitchenEmail);
        await page.GetByTestId("sign-in-password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToBeVisibleAsync();

        await ScreenSession.SignInAsync(page, Rush.Platform.Identity.DemoStaff.KitchenEmail, Rush.Testing.RushTestHost.KitchenPassword);
        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        var order = await _screens.PlaceAsync((Margherita, 1));
        var card = Card(page, "pending", order);
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).Not.ToContainTextAsync("+79001234567");
        await Expect(card).Not.ToContainTextAsync("Иванов");
        var cookie = (await _screens.Context.CookiesAsync()).Single(c => c.Name == "rush_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task New_order_appears_in_the_pending_column_within_a_second_with_items_extras_and_dosages()
    {
        var page = await _screens.OpenAsync("/kds");

        var order = await _screens.PlaceAsync((Margherita, 2), (Cola, 1));

        var card = Card(page, "pending", order);
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 1_000 });
        await Expect(card.GetByTestId("display-id")).ToHaveTextAsync($"#{order.DisplayId}");
        await Expect(card.GetByTestId("order-item")).ToHaveCountAsync(2);
        await Expect(card.GetByTestId("order-item").Nth(0)).ToContainTextAsync("2×");
        await Expect(card.GetByTestId("order-item").Nth(0)).ToContainTextAsync(Margherita);
        await Expect(card.GetByTestId("order-item").Nth(0)).ToContainTextAsync("Моцарелла 150 g");
        await Expect(card.GetByTestId("age")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d$"));
        await Expect(page.Locator($"[data-testid=all-day-count][data-pizza='{Margherita}']")).ToHaveAttributeAsync("data-count", "2");
        await ScreenSession.ScreenshotAsync(page, "kds");
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Bump_moves_the_card_to_the_next_column_by_tap_and_by_keyboard()
    {
        var page = await _screens.OpenAsync("/kds");
        var order = await _screens.PlaceAsync((Pepperoni, 1));
        await Expect(Card(page, "pending", order)).ToBeVisibleAsync();

        await Card(page, "pending", order).GetByTestId("bump-order").ClickAsync();
        await Expect(Card(page, "preparing", order)).ToHaveAttributeAsync("data-status", "preparing");
        await Expect(Card(page, "pending", order)).ToHaveCountAsync(0);

        await Card(page, "preparing", order).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Card(page, "cooking", order)).ToBeVisibleAsync();

        // The bumped card stays selected in its new column, so the next Enter bumps it again.
        await page.Keyboard.PressAsync("Space");
        await Expect(Card(page, "ready", order)).ToBeVisibleAsync();
        Assert.Equal("ready", (await _screens.GetOrderAsync(order.Id)).GetProperty("status").GetString());
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Arrow_keys_select_cards_and_digit_keys_mark_items_done()
    {
        var page = await _screens.OpenAsync("/kds");
        var first = await _screens.PlaceAsync((Margherita, 2), (Pepperoni, 1));
        var second = await _screens.PlaceAsync((Pepperoni, 3));
        await Expect(Card(page, "pending", second)).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=all-day-count][data-pizza='{Pepperoni}']")).ToHaveAttributeAsync("data-count", "4");

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Card(page, "pending", first)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Card(page, "pending", second)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("2");

        await Expect(Card(page, "pending", first).GetByTestId("order-item").Nth(1)).ToHaveAttributeAsync("data-done", "true");
        await Expect(Card(page, "pending", first).GetByTestId("order-item").Nth(0)).ToHaveAttributeAsync("data-done", "false");
        await Expect(page.Locator($"[data-testid=all-day-count][data-pizza='{Pepperoni}']")).ToHaveAttributeAsync("data-count", "3");
        var items = (await _screens.GetOrderAsync(first.Id)).GetProperty("items");
        Assert.True(items[1].GetProperty("done").GetBoolean());
        Assert.False(items[0].GetProperty("done").GetBoolean());
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Recall_shows_the_last_bumped_order_again_after_it_left_the_board()
    {
        var page = await _screens.OpenAsync("/kds");
        var order = await _screens.PlaceAsync((Margherita, 1));
        await _screens.MoveAsync(order.Id, "preparing", "cooking", "ready");
        await Expect(Card(page, "ready", order)).ToBeVisibleAsync();

        await Card(page, "ready", order).GetByTestId("bump-order").ClickAsync();
        await Expect(AnyBoardCard(page, order)).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("r");
        var recalled = page.Locator($"[data-testid=recall-tray] [data-order-id='{order.Id}']");
        await Expect(recalled).ToBeVisibleAsync();
        await Expect(recalled).ToHaveAttributeAsync("data-status", "completed");
        await Expect(recalled.GetByTestId("display-id")).ToHaveTextAsync($"#{order.DisplayId}");
        await ScreenSession.ScreenshotAsync(page, "kds-recall");

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("recall-tray")).ToBeHiddenAsync();
        await page.GetByTestId("recall").ClickAsync();
        await Expect(recalled).ToBeVisibleAsync();
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Station_filter_shows_only_that_stations_items_and_hides_orders_without_them()
    {
        var ovenOnly = await _screens.PlaceAsync((Margherita, 1));
        var drinksOnly = await _screens.PlaceAsync((Cola, 2));
        var mixed = await _screens.PlaceAsync((Pepperoni, 1), (Cola, 1));
        var page = await _screens.OpenAsync("/kds?station=drinks");

        await Expect(page.GetByTestId("station-name")).ToContainTextAsync("drinks");
        await Expect(Card(page, "pending", drinksOnly)).ToBeVisibleAsync();
        await Expect(Card(page, "pending", mixed)).ToBeVisibleAsync();
        await Expect(AnyBoardCard(page, ovenOnly)).ToHaveCountAsync(0);
        var mixedItems = Card(page, "pending", mixed).GetByTestId("order-item");
        await Expect(mixedItems).ToHaveCountAsync(1);
        await Expect(mixedItems).ToContainTextAsync(Cola);

        // The drinks screen's only line of the mixed order is line 1 of the whole order.
        await mixedItems.ClickAsync();
        await Expect(mixedItems).ToHaveAttributeAsync("data-done", "true");
        var items = (await _screens.GetOrderAsync(mixed.Id)).GetProperty("items");
        Assert.False(items[0].GetProperty("done").GetBoolean());
        Assert.True(items[1].GetProperty("done").GetBoolean());

        var later = await _screens.PlaceAsync((Margherita, 1));
        var laterDrink = await _screens.PlaceAsync((Cola, 1));
        await Expect(Card(page, "pending", laterDrink)).ToBeVisibleAsync();
        await Expect(AnyBoardCard(page, later)).ToHaveCountAsync(0);
        await ScreenSession.ScreenshotAsync(page, "kds-station-drinks");
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_bump_on_a_stale_card_refreshes_it_instead_of_overwriting_the_newer_state()
    {
        var page = await _screens.OpenAsync("/kds");
        var order = await _screens.PlaceAsync((Margherita, 1));
        await Expect(Card(page, "pending", order)).ToBeVisibleAsync();

        // Another screen moves the order while this one hears nothing (its feed is paused).
        await page.EvaluateAsync("() => window.rushScreen.feed.disconnect()");
        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "offline");
        await _screens.MoveAsync(order.Id, "preparing");

        await Card(page, "pending", order).GetByTestId("bump-order").ClickAsync();

        await Expect(Card(page, "preparing", order)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("toast")).ToContainTextAsync("changed on another screen");
        Assert.Equal("preparing", (await _screens.GetOrderAsync(order.Id)).GetProperty("status").GetString());
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Reconnect_resumes_after_the_last_seq_and_shows_what_was_missed_once()
    {
        var page = await _screens.OpenAsync("/kds");
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var seen = await _screens.PlaceAsync((Margherita, 1));
        await Expect(Card(page, "pending", seen)).ToBeVisibleAsync();
        var lastSeq = await page.EvaluateAsync<long>("() => window.rushScreen.feed.lastSeq");
        Assert.True(lastSeq > 0);

        await page.EvaluateAsync("() => window.rushScreen.feed.disconnect()");
        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "offline");
        var missed = await _screens.PlaceAsync((Pepperoni, 1));
        await _screens.MoveAsync(seen.Id, "preparing");
        await page.EvaluateAsync("() => window.rushScreen.feed.connect()");

        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(Card(page, "pending", missed)).ToBeVisibleAsync();
        await Expect(Card(page, "preparing", seen)).ToBeVisibleAsync();
        await Expect(AnyBoardCard(page, seen)).ToHaveCountAsync(1);
        await Expect(AnyBoardCard(page, missed)).ToHaveCountAsync(1);
        Assert.Contains(sockets, url => url.Contains($"since={lastSeq}", StringComparison.Ordinal));
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Busy_board_shows_each_order_once_in_its_status_column_oldest_first()
    {
        var page = await _screens.OpenAsync("/kds");
        var orders = new List<PlacedOrder>();
        foreach (var lines in new[]
        {
            new[] { (Margherita, 2), (Cola, 2) },
            [("Пицца Классическая", 1)],
            [(Pepperoni, 1), ("Четыре сыра", 1)],
            [("Салат Цезарь", 2)],
            [(Margherita, 1)],
            [(Pepperoni, 2), (Cola, 1)],
            [("Четыре сыра", 1)],
        })
        {
            orders.Add(await _screens.PlaceAsync(lines));
        }

        await _screens.MoveAsync(orders[0].Id, "preparing", "cooking", "ready");
        await _screens.MoveAsync(orders[1].Id, "preparing", "cooking");
        await _screens.MoveAsync(orders[2].Id, "preparing");
        await _screens.MoveAsync(orders[3].Id, "preparing");

        await Expect(Card(page, "ready", orders[0])).ToBeVisibleAsync();
        await Expect(Card(page, "cooking", orders[1])).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=column-preparing] [data-testid=order-card]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=column-pending] [data-testid=order-card]")).ToHaveCountAsync(3);
        await Expect(page.Locator(".board [data-testid=order-card]")).ToHaveCountAsync(orders.Count);
        var pending = await page.Locator("[data-testid=column-pending] [data-testid=order-card]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.orderId)");
        Assert.Equal(orders.Skip(4).Select(o => o.Id.ToString()), pending);
        await Expect(page.Locator($"[data-testid=all-day-count][data-pizza='{Pepperoni}']")).ToHaveAttributeAsync("data-count", "3");
        await ScreenSession.ScreenshotAsync(page, "kds-busy");
        _screens.AssertNoPageErrors();
    }

    [Fact]
    public async Task Timer_turns_amber_and_red_at_the_configured_thresholds()
    {
        var order = await _screens.PlaceAsync((Margherita, 1));
        var page = await _screens.OpenAsync("/kds?warn=0.001&late=600");
        await Expect(Card(page, "pending", order)).ToHaveAttributeAsync("data-age-level", "warn");

        var late = await _screens.OpenAsync("/kds?warn=0.0005&late=0.001");
        await Expect(Card(late, "pending", order)).ToHaveAttributeAsync("data-age-level", "late");
        await ScreenSession.ScreenshotAsync(late, "kds-late");

        var calm = await _screens.OpenAsync("/kds");
        await Expect(Card(calm, "pending", order)).ToHaveAttributeAsync("data-age-level", "ok");
        _screens.AssertNoPageErrors();
    }
}
