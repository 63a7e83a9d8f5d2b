using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Menu;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Menu;

/// <summary>The menu through the platform cache (FusionCache, Redis backplane) on two real hosts.</summary>
[Collection("servers")]
public sealed class MenuCacheTests(TestServers servers)
{
    [Fact]
    public async Task A_menu_change_invalidated_on_one_instance_reaches_the_other()
    {
        // The menu stays fresh for 60 s (memory, then Redis), far longer than this test: only the invalidation can bring the change.
        await using var a = await RushTestHost.StartAsync(servers);
        await using var b = await RushTestHost.StartAsync(servers, database: a.PostgresConnectionString, flushRedis: false);
        Assert.Equal(962m, await ClassicPriceAsync(a));
        Assert.Equal(962m, await ClassicPriceAsync(b));

        await using (var update = a.Database.CreateCommand("update menu_pizzas set price = 999 where id = 'classic'"))
        {
            await update.ExecuteNonQueryAsync();
        }

        Assert.Equal(962m, await ClassicPriceAsync(b));
        await a.Services.GetRequiredService<MenuCatalog>().InvalidateAsync(default);

        await Poll.UntilAsync(async () => await ClassicPriceAsync(b) == 999m, TimeSpan.FromSeconds(10), "instance B to serve the new price");
        Assert.Equal(999m, await ClassicPriceAsync(a));
    }

    private static async Task<decimal> ClassicPriceAsync(RushTestHost host)
    {
        var menu = JsonDocument.Parse(await host.Rest.GetStringAsync("/api/v1/menu")).RootElement;
        return menu.GetProperty("pizzas").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "classic").GetProperty("price").GetDecimal();
    }
}
