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

    [Fact]
    public async Task A_screen_whose_instance_goes_away_resumes_on_another_instance_without_gaps_or_duplicates()
    {
        var a = await ScreensPipeline.StartAsync(servers);
        await using var b = await ScreensPipeline.StartAsync(servers, database: a.PostgresConnectionString, flushRedis: false);
        long seen;
        await using (var onA = await ConnectAsync(a, "erp"))
        {
            var first = await ScreensPipeline.PlaceAsync(a);
            await onA.WaitForOrderAsync(first, "the first order on instance A");
            seen = onA.LastSeq;

            // Instance A goes away under the screen (its hub closes every socket).
            await a.DisposeAsync();
            await onA.WaitForCloseAsync();
        }

        var missed = new List<Guid> { await ScreensPipeline.PlaceAsync(b), await ScreensPipeline.PlaceAsync(b) };
        await using var onB = await ConnectAsync(b, "erp", since: seen);
        var sentinel = await ScreensPipeline.PlaceAsync(b);
        await onB.WaitForOrderAsync(sentinel, "the order placed after moving to instance B");

        var placed = onB.Messages.Where(m => m.GetProperty("event").GetString() == "placed").ToList();
        Assert.Equal([.. missed, sentinel], placed.Select(m => m.GetProperty("order").GetProperty("id").GetGuid()));
        Assert.All(onB.Messages, m => Assert.True(Seq(m) > seen));
        Assert.Equal(onB.Messages.Select(Seq).Order(), onB.Messages.Select(Seq));
        Assert.Equal(onB.Messages.Count, onB.Messages.Select(Seq).Distinct().Count());
    }
}
