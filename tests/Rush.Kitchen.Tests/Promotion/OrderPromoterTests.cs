using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Promotion;
using Rush.Kitchen.Tests.Screens;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Promotion;

[Collection("servers")]
public sealed class OrderPromoterTests(TestServers servers)
{
    [Fact]
    public async Task Two_instances_racing_promote_each_due_order_exactly_once()
    {
        var clock = new ManualClock(ScreensPipeline.TenAm);
        // The background promoters would join the race at their own pace; here only the two calls race.
        var settings = new Dictionary<string, string> { ["Promotion:Interval"] = "01:00:00", ["Promotion:BatchSize"] = "7" };
        await using var a = await ScreensPipeline.StartAsync(servers, clock, settings);
        await using var b = await ScreensPipeline.StartAsync(servers, clock, settings, a.PostgresConnectionString, flushRedis: false);
        await using var kds = await ConnectAsync(b, "kds");
        var later = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            later.Add(await ScreensPipeline.PlaceAsync(i % 2 == 0 ? a : b, ScreensPipeline.TenAm.AddHours(2)));
        }

        clock.Advance(TimeSpan.FromHours(2));
        var moved = await Task.WhenAll(
            Task.Run(() => a.Services.GetRequiredService<OrderPromoter>().PromoteDueAsync(CancellationToken.None)),
            Task.Run(() => b.Services.GetRequiredService<OrderPromoter>().PromoteDueAsync(CancellationToken.None)));

        Assert.Empty(moved[0].Intersect(moved[1]));
        Assert.Equal(later.Order(), moved[0].Concat(moved[1]).Order());
        await kds.WaitForAsync(_ => later.All(id => kds.About(id).Count > 0), "every promoted order on the KDS");
        var sentinel = await ScreensPipeline.PlaceAsync(a);
        await kds.WaitForOrderAsync(sentinel, "an order placed after the promotion");
        Assert.All(later, id => Assert.Equal("visible", Assert.Single(kds.About(id)).GetProperty("event").GetString()));
        Assert.Empty(await a.Services.GetRequiredService<OrderPromoter>().PromoteDueAsync(CancellationToken.None));
    }
}
