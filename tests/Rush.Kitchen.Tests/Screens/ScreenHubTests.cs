using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Rush.Kitchen.Screens;
using Rush.Testing;

namespace Rush.Kitchen.Tests.Screens;

public sealed class ScreenHubTests
{
    [Fact]
    public async Task A_screen_that_cannot_keep_up_is_dropped_and_the_others_get_every_message_in_seq_order()
    {
        var hub = new ScreenHub(ScreenHubKind.Kds, NullLogger.Instance);
        hub.Start(0);
        var deadLink = new ScriptedWebSocket(stuck: true);
        var healthy = new ScriptedWebSocket(stuck: false);
        using var slow = new ScreenClient(deadLink, null, queueSize: 2);
        using var fast = new ScreenClient(healthy, null, queueSize: 100);
        hub.Add(slow);
        hub.Add(fast);
        var slowRun = slow.RunAsync(CancellationToken.None);
        var fastRun = fast.RunAsync(CancellationToken.None);

        // Out of order, and one twice, as concurrent pub/sub handlers may hand them over.
        foreach (var seq in new long[] { 2, 1, 3, 5, 4, 6, 7, 8, 9, 10, 10 })
        {
            hub.Receive(ScreenMessage.Parse(Encoding.UTF8.GetBytes($$$"""{"type":"order","seq":{{{seq}}},"event":"updated","order":{}}""")));
        }

        await Poll.UntilAsync(() => Task.FromResult(healthy.Sent.Count == 10), TimeSpan.FromSeconds(10), "all ten messages on the healthy screen");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), healthy.Sent.Select(s => System.Text.Json.JsonDocument.Parse(s).RootElement.GetProperty("seq").GetInt64()));
        Assert.Equal(1, hub.Count);
        await slowRun.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(deadLink.Sent);

        hub.CloseAll(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "test over");
        await fastRun.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
