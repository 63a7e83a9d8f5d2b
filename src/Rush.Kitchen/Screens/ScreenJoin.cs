using System.Text.Json;
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
internal sealed class ScreenJoin(ScreenStore store, TimeProvider clock)
{
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
                var frames = missed.Select(m => hub == ScreenHubKind.Kds ? m.ForKitchen(station) : m.Json).OfType<ReadOnlyMemory<byte>>().ToList();
                return new ScreenStart(frames, missed[^1].Seq);
            }
        }

        return await SnapshotAsync(hub, station, ct);
    }

    private async Task<ScreenStart> SnapshotAsync(ScreenHubKind hub, string? station, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (seq, stored) = await store.SnapshotAsync(hub, now - OrderProjector.OrderTtl, ct);
        var orders = new List<byte[]>(stored.Count);
        foreach (var order in stored.Select(json => JsonSerializer.Deserialize(json, KitchenJson.Api.OrderView)!)
                     .OrderBy(o => o.SlotStartTime).ThenBy(o => o.CreatedAt))
        {
            // Cooks see a first name; phone and address only on the ERP hub (issue 9).
            var forHub = hub == ScreenHubKind.Kds ? order.Showing(ContactData.FirstName) : order;
            var shown = station is null ? forHub : ScreenJson.ForStation(forHub, station);
            if (shown is not null)
            {
                orders.Add(ScreenJson.Order(shown, hub == ScreenHubKind.Kds || order.VisibleAt <= now));
            }
        }

        return new ScreenStart([ScreenJson.Snapshot(seq, orders)], seq);
    }
}
