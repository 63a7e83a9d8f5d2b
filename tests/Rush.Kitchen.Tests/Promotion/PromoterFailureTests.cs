using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Tests.Screens;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Kitchen.Tests.Promotion;

[Collection("servers")]
public sealed class PromoterFailureTests(TestServers servers)
{
    [Fact]
    public async Task A_round_that_fails_unexpectedly_is_logged_and_the_promoter_keeps_running()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Promotion:Interval"] = "00:00:00.100" });
        var redis = host.Services.GetRequiredService<RedisConnection>().Database;
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        // A pending entry whose id is not an order id: the promoter moves it, then cannot parse it.
        await redis.StringSetAsync("erp:order:not-an-order-id", "{}");
        await redis.SortedSetAddAsync(HotStateKeys.PendingSlots, "not-an-order-id", 0);
        await Poll.UntilAsync(async () => await redis.SortedSetScoreAsync(HotStateKeys.PendingSlots, "not-an-order-id") is null,
            TimeSpan.FromSeconds(30), "the promoter to take the bad entry");

        // A later round still runs: an expired entry (no order JSON) is dropped by the next call.
        await redis.SortedSetAddAsync(HotStateKeys.PendingSlots, "expired-entry", 0);
        await Poll.UntilAsync(async () => await redis.SortedSetScoreAsync(HotStateKeys.PendingSlots, "expired-entry") is null,
            TimeSpan.FromSeconds(30), "a later promotion round");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
