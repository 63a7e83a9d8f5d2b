using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.EndToEnd.Tests.Screens;

/// <summary>A Rush host plus Debian's Chromium driven by Playwright: what each screen test starts.</summary>
/// <remarks>
/// The browser is the system's <c>/usr/bin/chromium</c>; Playwright never downloads one. Pages get a
/// kitchen-sized viewport and the kitchen's time zone. Uncaught page errors are collected so a test
/// can assert the page ran without script failures.
/// </remarks>
internal sealed class ScreenSession : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ScreenSession(RushTestHost host, IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        Host = host;
        _playwright = playwright;
        _browser = browser;
        Context = context;
    }

    public RushTestHost Host { get; }

    public IBrowserContext Context { get; }

    /// <summary>Uncaught script errors of every page opened so far.</summary>
    public List<string> PageErrors { get; } = [];

    /// <summary>Console errors and failed requests of every page (context for a failing assertion).</summary>
    public List<string> BrowserLog { get; } = [];

    public static async Task<ScreenSession> StartAsync(TestServers servers, IDictionary<string, string>? settings = null)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (./rush deps); these tests never download a browser.");
        }

        Assertions.SetDefaultExpectTimeout(10_000);
        var host = await RushTestHost.StartAsync(servers, settings);
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ChromiumArgs,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = $"http://127.0.0.1:{host.HttpPort}",
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                TimezoneId = "Europe/Moscow",
                Locale = "ru-RU",
            });
            return new ScreenSession(host, playwright, browser, context);
        }
        catch
        {
            playwright?.Dispose();
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a page and waits until its hub connection (if it has one) is up.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                BrowserLog.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.RequestFailed += (_, request) => BrowserLog.Add($"request failed: {request.Url} {request.Failure}");
        var response = await page.GotoAsync(path);
        if (response!.Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden)
        {
            // Not signed in (or as the wrong role): the page is the sign-in form; signing in reloads it into the screen.
            var ops = path.StartsWith("/ops", StringComparison.Ordinal);
            await SignInAsync(page, ops ? DemoStaff.OperatorEmail : DemoStaff.KitchenEmail, ops ? RushTestHost.OperatorPassword : RushTestHost.KitchenPassword);
        }
        else
        {
            Assert.Equal((int)HttpStatusCode.OK, response.Status);
        }

        try
        {
            await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"{path} did not connect to its hub; browser log: {string.Join(" | ", BrowserLog)}", e);
        }

        return page;
    }

    /// <summary>Fills the sign-in form the page shows and waits for the reload into the screen.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("sign-in-email").FillAsync(email);
        await page.GetByTestId("sign-in-password").FillAsync(password);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await page.GetByTestId("sign-in-form").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    /// <summary>Places an order over REST: the given lines, delivered, as soon as possible.</summary>
    public async Task<PlacedOrder> PlaceAsync(params (string Pizza, int Quantity)[] lines)
    {
        var body = new Dictionary<string, object>
        {
            ["customerId"] = 12345,
            ["items"] = lines.Select(l => new Dictionary<string, object> { ["pizzaName"] = l.Pizza, ["quantity"] = l.Quantity }).ToList(),
            ["customerFirstName"] = "Иван",
            ["customerLastName"] = "Иванов",
            ["customerPhone"] = "+79001234567",
            ["deliveryAddress"] = "ул. Ленина, д. 1",
            ["isPickup"] = false,
        };
        using var response = await Host.Rest.PostAsJsonAsync("/api/v1/orders", body);
        var json = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"order refused: {(int)response.StatusCode} {json}");
        return new PlacedOrder(json.GetProperty("orderId").GetGuid(), json.GetProperty("displayId").GetString()!, json.GetProperty("targetSlotId").GetString()!,
            json.GetProperty("slotStartTime").GetDateTimeOffset());
    }

    /// <summary>The order as the REST API shows it now.</summary>
    public async Task<JsonElement> GetOrderAsync(Guid id)
    {
        using var response = await Host.Rest.GetAsync($"/api/v1/orders/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>Moves an order through the workflow, one legal step after another, as another screen would.</summary>
    public async Task MoveAsync(Guid id, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var version = (await GetOrderAsync(id)).GetProperty("version").GetInt32();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/erp/orders/{id}/status")
            {
                Content = JsonContent.Create(new { status, expectedVersion = version }),
            };
            using var response = await Host.KitchenRest.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Saves a full-page screenshot when RUSH_SCREENSHOT_DIR is set (for a human to look at).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RUSH_SCREENSHOT_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public void AssertNoPageErrors() => Assert.True(PageErrors.Count == 0, "page script errors: " + string.Join(" | ", PageErrors));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>What the intake answered for an order.</summary>
internal sealed record PlacedOrder(Guid Id, string DisplayId, string TargetSlotId, DateTimeOffset SlotStart);
