using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Counters;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Menu;

/// <summary><c>GET /api/v1/menu/items/{id}</c> counts views; totals add Postgres and Redis.</summary>
[Collection("servers")]
public sealed class MenuItemViewsTests(TestServers servers)
{
    [Fact]
    public async Task Each_read_of_a_menu_item_counts_one_view_and_the_total_survives_a_flush()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        Assert.Equal(1, await ViewsAsync(host, "classic"));
        Assert.Equal(2, await ViewsAsync(host, "classic"));
        await host.Services.GetRequiredService<ViewCounterFlusher>().FlushAsync(default);
        Assert.Equal(3, await ViewsAsync(host, "classic"));

        var total = JsonDocument.Parse(await host.Rest.GetStringAsync("/api/v1/views/menu/classic")).RootElement;
        Assert.Equal(3, total.GetProperty("views").GetInt64());
        Assert.Equal(1, await host.CountAsync("view_counters", "kind = 'menu' and item_id = 'classic' and views = 2"));
    }

    [Fact]
    public async Task An_extra_is_a_menu_item_too()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var item = JsonDocument.Parse(await host.Rest.GetStringAsync("/api/v1/menu/items/bacon")).RootElement;

        Assert.Equal("Бекон", item.GetProperty("extra").GetProperty("name").GetString());
        Assert.False(item.TryGetProperty("pizza", out _));
        Assert.Equal(1, item.GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task Unknown_menu_item_is_404_with_a_problem()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.Rest.GetAsync("/api/v1/menu/items/sushi");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("menu_item_not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Counter_names_that_are_not_valid_are_400()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.Rest.GetAsync("/api/v1/views/Menu!/classic");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<long> ViewsAsync(RushTestHost host, string id)
    {
        var item = JsonDocument.Parse(await host.Rest.GetStringAsync($"/api/v1/menu/items/{id}")).RootElement;
        Assert.Equal(id, item.GetProperty("pizza").GetProperty("id").GetString());
        return item.GetProperty("views").GetInt64();
    }
}
