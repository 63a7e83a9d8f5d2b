using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Screens;

[Collection("servers")]
public sealed class ScreenLimitsTests(TestServers servers)
{
    [Fact]
    public async Task A_client_over_its_screen_cap_is_refused_with_429_before_the_upgrade()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:MaxConnectionsPerClient"] = "2" });
        await using var one = await ConnectAsync(host, "kds");
        await using var two = await ConnectAsync(host, "erp");

        var (status, problem) = await RefusedUpgradeAsync(host, "kds");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("\"code\":\"too_many_screens\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screens_over_the_instance_cap_are_refused_with_503_and_a_closed_screen_frees_its_place()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:MaxConnections"] = "1" });
        var first = await ConnectAsync(host, "kds");

        var (status, problem) = await RefusedUpgradeAsync(host, "erp");
        await first.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("\"code\":\"screens_full\"", problem, StringComparison.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await using var again = await ConnectAsync(host, "erp");
                return true;
            }
            catch (WebSocketException)
            {
                return false;
            }
        }, Patience, "a place for a new screen after the first closed");
    }

    [Fact]
    public async Task Screens_joining_together_share_one_snapshot_read_and_miss_nothing_published_after_it()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:SnapshotCacheTime"] = "00:01:00" });
        var before = await ScreensPipeline.PlaceAsync(host);
        using var reads = new SnapshotReads();

        await using var first = await ConnectAsync(host, "kds");
        await first.WaitForAsync(_ => Shows(first, before), "the order in the first screen's snapshot");
        var after = await ScreensPipeline.PlaceAsync(host);
        var screens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ConnectAsync(host, "kds")));
        try
        {
            foreach (var screen in screens)
            {
                await screen.WaitForAsync(_ => Shows(screen, before), "the order placed before the snapshot");
                await screen.WaitForAsync(_ => Shows(screen, after), "the order placed after the cached snapshot");
            }

            Assert.Equal(1, reads.Count);
        }
        finally
        {
            foreach (var screen in screens)
            {
                await screen.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_snapshot_holds_at_most_the_configured_orders_says_it_left_some_out_and_live_messages_still_come()
    {
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["Screens:SnapshotMaxOrders"] = "2" });
        var placed = new List<Guid>();
        await using (var watcher = await ConnectAsync(host, "erp"))
        {
            for (var i = 0; i < 3; i++)
            {
                placed.Add(await ScreensPipeline.PlaceAsync(host));
            }

            // A screen is sent an order once it is in the hot state, which a fresh snapshot reads.
            await watcher.WaitForAsync(_ => placed.All(o => watcher.About(o).Count > 0), "the three orders on a first ERP screen");
        }

        await using var fresh = await ConnectAsync(host, "erp");
        await fresh.WaitForAsync(m => m.Any(x => Type(x) == "snapshot"), "the fresh screen's snapshot");
        var snapshot = fresh.Messages.First(m => Type(m) == "snapshot");
        var later = await ScreensPipeline.PlaceAsync(host);
        await fresh.WaitForOrderAsync(later, "an order placed after the truncated snapshot");

        Assert.Equal(2, SnapshotIds(snapshot).Count);
        Assert.Subset(placed.ToHashSet(), SnapshotIds(snapshot).ToHashSet());
        Assert.True(snapshot.GetProperty("truncated").GetBoolean());
    }

    private static bool Shows(ScreenTestClient screen, Guid order) =>
        screen.About(order).Count > 0 || screen.Messages.Any(m => Type(m) == "snapshot" && SnapshotIds(m).Contains(order));

    private static async Task<(HttpStatusCode Status, string Body)> RefusedUpgradeAsync(RushTestHost host, string hub)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{host.HttpPort}/ws/{hub}");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        // Signed in like the screens it competes with, so the refusal is the cap's, not authentication's.
        request.Headers.Authorization = RushTestHost.Basic(Rush.Platform.Identity.DemoStaff.KitchenEmail, RushTestHost.KitchenPassword);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Counts runs of the snapshot script (metric rush.screens.snapshot_reads).</summary>
    private sealed class SnapshotReads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public SnapshotReads()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "rush.screens.snapshot_reads")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
