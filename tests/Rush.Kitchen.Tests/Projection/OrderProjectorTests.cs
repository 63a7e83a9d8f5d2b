using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Tests.Screens;
using Rush.Platform.Redis;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Projection;

[Collection("servers")]
public sealed class OrderProjectorTests(TestServers servers)
{
    [Fact]
    public async Task Status_changes_move_the_counters_and_a_completed_order_leaves_the_kds_after_one_last_update()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var kds = await ConnectAsync(host, "kds");
        var projector = host.Services.GetRequiredService<OrderProjector>();
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        var id = await ScreensPipeline.PlaceAsync(host);
        var placed = (await host.Services.GetRequiredService<OrderQueries>().FindAsync(id, CancellationToken.None))!;
        Assert.Equal(1, (long)await db.StringGetAsync(HotStateKeys.PendingCount));

        Assert.True(await projector.ApplyAsync(placed with { Status = "preparing", Version = 2 }, CancellationToken.None));
        Assert.Equal(0, (long)await db.StringGetAsync(HotStateKeys.PendingCount));
        Assert.True(await projector.ApplyAsync(placed with { Status = "completed", Version = 3 }, CancellationToken.None));
        Assert.False(await projector.ApplyAsync(placed with { Status = "preparing", Version = 2 }, CancellationToken.None));

        await kds.WaitForAsync(_ => kds.About(id).Count == 3, "placed, preparing and completed on the KDS");
        Assert.Equal(["placed", "updated", "updated"], kds.About(id).Select(m => m.GetProperty("event").GetString()));
        Assert.Equal("completed", kds.About(id)[^1].GetProperty("order").GetProperty("status").GetString());
        Assert.False(await db.SetContainsAsync(HotStateKeys.Active, id.ToString()));
        Assert.Empty(await db.ListRangeAsync(HotStateKeys.KitchenQueue));
        Assert.Equal(0, (long)await db.StringGetAsync(HotStateKeys.PendingCount));
        Assert.Equal(1, (long)await db.StringGetAsync(HotStateKeys.TotalCount));

        await using var freshKds = await ConnectAsync(host, "kds");
        await using var freshErp = await ConnectAsync(host, "erp");
        await Task.WhenAll(freshKds.WaitForAsync(m => m.Count == 1, "a KDS snapshot"), freshErp.WaitForAsync(m => m.Count == 1, "an ERP snapshot"));
        Assert.Empty(SnapshotIds(freshKds.Messages[0]));
        Assert.Equal([id], SnapshotIds(freshErp.Messages[0]));
        Assert.Equal("completed", freshErp.Messages[0].GetProperty("orders")[0].GetProperty("status").GetString());
    }
}
