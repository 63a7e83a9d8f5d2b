using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Projection;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Screens;

[Collection("servers")]
public sealed class MultiInstanceTests(TestServers servers)
{
    [Fact]
    public async Task A_screen_on_one_instance_sees_an_order_placed_on_another_exactly_once()
    {
        await using var a = await ScreensPipeline.StartAsync(servers);
        await using var b = await ScreensPipeline.StartAsync(servers, database: a.PostgresConnectionString, flushRedis: false);
        await using var onA = await ConnectAsync(a, "kds");
        await using var onB = await ConnectAsync(b, "kds");
        await Task.WhenAll(onA.WaitForAsync(m => m.Count == 1, "the snapshot on A"), onB.WaitForAsync(m => m.Count == 1, "the snapshot on B"));

        var id = await ScreensPipeline.PlaceAsync(a);
        await onB.WaitForOrderAsync(id, "the order on instance B's screen");

        // The consumer group (either instance) projects the same event again: a no-op. Then an order
        // placed on B: any duplicate of the first would have a lower seq and would have come before it.
        var consumers = new[] { a, b }.Select(h => h.Services.GetRequiredService<OrderEventConsumer>()).ToList();
        await Poll.UntilAsync(() => Task.FromResult(consumers.Sum(c => c.Projected) >= 1), Patience, "the consumer group to process the event");
        var sentinel = await ScreensPipeline.PlaceAsync(b);
        await Task.WhenAll(onA.WaitForOrderAsync(sentinel, "the second order on A"), onB.WaitForOrderAsync(sentinel, "the second order on B"));

        Assert.Single(onB.About(id));
        Assert.Single(onA.About(id));
        Assert.Equal(onA.Messages.Skip(1).Select(Seq), onB.Messages.Skip(1).Select(Seq));
    }
}
