using Microsoft.Playwright;
using Rush.EndToEnd.Tests.Screens;
using Rush.Testing.Servers;
using static Microsoft.Playwright.Assertions;

namespace Rush.EndToEnd.Tests.ApiReference;

/// <summary>The interactive API reference (<c>/docs</c>, Scalar over <c>/openapi/v1.json</c>) in Chromium.</summary>
[Collection("servers")]
public sealed class ApiDocsPageTests(TestServers servers) : IAsyncLifetime
{
    private ScreenSession _session = null!;

    public async Task InitializeAsync() => _session = await ScreenSession.StartAsync(servers);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Docs_render_the_rush_api_from_local_assets_only()
    {
        var page = await _session.Context.NewPageAsync();
        var outside = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            // Rush's machines may have no internet: everything the reference needs must come from Rush itself.
            if (!new Uri(request.Url).IsLoopback && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        var response = await page.GotoAsync("/docs");
        Assert.Equal(200, response!.Status);

        // Text that only exists once Scalar has fetched /openapi/v1.json and rendered it.
        await Expect(page.GetByText("Rush API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByText("Kitchen orders").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Kitchen orders" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Place an order") })).ToBeVisibleAsync();
        await ScreenSession.ScreenshotAsync(page, "api-docs");

        Assert.Empty(outside);
        Assert.Empty(errors);
    }
}
