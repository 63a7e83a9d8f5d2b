using System.Globalization;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using Rush.EndToEnd.Tests.Screens;
using Rush.Platform.Observability;
using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.Ops;

/// <summary>The ops page (<c>/ops</c>) in Chromium: live rate, latency, errors, dependency health and breaker states.</summary>
[Collection("servers")]
public sealed partial class OpsPageTests(TestServers servers) : IAsyncLifetime
{
    private ScreenSession _session = null!;

    public async Task InitializeAsync() => _session = await ScreenSession.StartAsync(servers);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task The_page_shows_live_request_rate_and_latency_while_traffic_flows_and_each_dependency_and_breaker()
    {
        var page = await _session.OpenAsync("/ops");
        await Expect(page.Locator("[data-testid=dependency][data-name=postgres]")).ToHaveAttributeAsync("data-status", "healthy");
        await Expect(page.Locator("[data-testid=dependency][data-name=redis]")).ToHaveAttributeAsync("data-status", "healthy");
        await Expect(page.Locator("[data-testid=dependency][data-name=rabbitmq]")).ToHaveAttributeAsync("data-status", "healthy");

        // The breaker reports into the same process-wide gauge a Polly breaker of the host would.
        var breaker = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        CircuitBreakerMetrics.Report(breaker, CircuitState.Open);

        // Traffic keeps flowing until the page has shown it: the figures are rates over the last seconds.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await _session.Host.Rest.GetAsync("/api/v1/menu", stop.Token).ConfigureAwait(false);
            }
        });
        try
        {
            await _session.PlaceAsync(("Маргарита", 1));
            await Expect(page.GetByTestId("rps-now")).ToHaveAttributeAsync("data-value", PositiveNumber());
            await Expect(page.GetByTestId("p95-now")).ToHaveAttributeAsync("data-value", PositiveNumber());
            await Expect(page.GetByTestId("error-rate-now")).ToHaveAttributeAsync("data-value", "0.00");
            await Expect(page.Locator($"[data-testid=breaker][data-name='{breaker}']")).ToHaveAttributeAsync("data-state", "open");
        }
        finally
        {
            await stop.CancelAsync();
            await traffic.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var rps = double.Parse((await page.GetByTestId("rps-now").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.True(rps > 0);
        Assert.True(int.Parse((await page.GetByTestId("rps-chart").GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture) > 0);
        await Expect(page.Locator("[data-testid=rps-chart] polyline")).ToHaveCountAsync(1);
        await ScreenSession.ScreenshotAsync(page, "ops");
        _session.AssertNoPageErrors();
    }

    [GeneratedRegex(@"^(?!0(\.0+)?$)\d+(\.\d+)?$")]
    private static partial Regex PositiveNumber();
}
