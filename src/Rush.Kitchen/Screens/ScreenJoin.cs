using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Observability;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;

namespace Rush.Kitchen.Screens;

/// <summary>What a connecting screen receives before live messages: nothing, the messages it missed, or a snapshot.</summary>
/// <param name="Frames">Messages to send first, in order.</param>
/// <param name="Seq">The seq the screen is current to once they are sent.</param>
internal sealed record ScreenStart(IReadOnlyList<ReadOnlyMemory<byte>> Frames, long Seq);

/// <summary>Decides and builds a screen's <see cref="ScreenStart"/> from the replay log or the hot state (SCREENS.md).</summary>
/// <remarks>
/// The caller has already registered the screen with its hub, so every message published from now
/// on is queued for it; whatever is read here may overlap with that queue, never leave a hole, and
/// the screen's writer skips the overlap by seq.
/// </remarks>
internal sealed class ScreenJoin(ScreenStore store, TimeProvider clock, IOptions<ScreensOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ScreenHubKind, (Task<HubSnapshot> Read, long StartedAt)> _snapshots = [];

    /// <summary>Resolves the start of a screen that last saw <paramref name="since"/> (0: a fresh screen).</summary>
    public async Task<ScreenStart> ResolveAsync(ScreenHubKind hub, long since, string? station, CancellationToken ct)
    {
        if (since > 0 && await store.CurrentSeqAsync(hub, ct) is { } current && since <= current)
        {
            if (since == current)
            {
                return new ScreenStart([], since);
            }

            // The log holds a contiguous run of the hub's latest messages; the screen can resume from
            // it only if the run still starts right after what it saw.
            var missed = await store.ReadLogAsync(hub, since, null, ct);
            if (missed.Count > 0 && missed[0].Seq == since + 1)
            {
                return new ScreenStart(Frames(missed, hub, station), missed[^1].Seq);
            }
        }

        return await SnapshotAsync(hub, station, ct);
    }

    // The snapshot script reads up to SnapshotMaxOrders orders (ERP: of the last 24 h), so screens joining together share
    // one read per hub for SnapshotCacheTime. A shared snapshot is older than the join: the messages
    // the log holds after its seq bring it up to date; if the log no longer connects, read afresh.
    private async Task<ScreenStart> SnapshotAsync(ScreenHubKind hub, string? station, CancellationToken ct)
    {
        var snapshot = await SharedSnapshotAsync(hub, fresh: false, ct);
        var newer = await store.ReadLogAsync(hub, snapshot.Seq, null, ct);
        if (newer.Count > 0 && newer[0].Seq != snapshot.Seq + 1)
        {
            snapshot = await SharedSnapshotAsync(hub, fresh: true, ct);
            newer = await store.ReadLogAsync(hub, snapshot.Seq, null, ct);
        }

        var now = clock.GetUtcNow();
        var orders = new List<byte[]>(snapshot.Orders.Count);
        foreach (var order in snapshot.Orders)
        {
            // Cooks see a first name; phone and address only on the ERP hub (issue 9).
            var forHub = hub == ScreenHubKind.Kds ? order.Showing(ContactData.FirstName) : order;
            var shown = station is null ? forHub : ScreenJson.ForStation(forHub, station);
            if (shown is not null)
            {
                orders.Add(ScreenJson.Order(shown, hub == ScreenHubKind.Kds || order.VisibleAt <= now));
            }
        }

        List<ReadOnlyMemory<byte>> frames = [ScreenJson.Snapshot(snapshot.Seq, orders, snapshot.Truncated)];
        frames.AddRange(Frames(newer, hub, station));
        return new ScreenStart(frames, newer.Count > 0 ? newer[^1].Seq : snapshot.Seq);
    }

    private Task<HubSnapshot> SharedSnapshotAsync(ScreenHubKind hub, bool fresh, CancellationToken ct)
    {
        var reuseFor = options.Value.SnapshotCacheTime;
        Task<HubSnapshot> read;
        lock (_gate)
        {
            if (!fresh && _snapshots.TryGetValue(hub, out var cached) && !cached.Read.IsFaulted && !cached.Read.IsCanceled
                && Stopwatch.GetElapsedTime(cached.StartedAt) < reuseFor)
            {
                read = cached.Read;
            }
            else
            {
                // Not on the joining screen's token: other screens may be waiting for this read too.
                read = ReadSnapshotAsync(hub);
                _snapshots[hub] = (read, Stopwatch.GetTimestamp());
            }
        }

        return read.WaitAsync(ct);
    }

    private async Task<HubSnapshot> ReadSnapshotAsync(ScreenHubKind hub)
    {
        KitchenMetrics.ScreenSnapshotReads.Add(1, new KeyValuePair<string, object?>("hub", hub.Name()));
        var (seq, stored, truncated) = await store.SnapshotAsync(hub, clock.GetUtcNow() - OrderProjector.OrderTtl, options.Value.SnapshotMaxOrders, CancellationToken.None);
        var orders = stored.Select(json => JsonSerializer.Deserialize(json, KitchenJson.Api.OrderView)!)
            .OrderBy(o => o.SlotStartTime).ThenBy(o => o.CreatedAt).ToList();
        return new HubSnapshot(seq, orders, truncated);
    }

    // Cooks' screens get the kitchen view (first name only, station filter); the ERP hub whole messages.
    private static List<ReadOnlyMemory<byte>> Frames(List<ScreenMessage> messages, ScreenHubKind hub, string? station) =>
        messages.Select(m => hub == ScreenHubKind.Kds ? m.ForKitchen(station) : m.Json).OfType<ReadOnlyMemory<byte>>().ToList();

    private sealed record HubSnapshot(long Seq, IReadOnlyList<OrderView> Orders, bool Truncated);
}
