using System.Diagnostics.Metrics;
using Rush.Kitchen.Orders;
using Rush.Platform.Observability;

namespace Rush.Kitchen.Observability;

/// <summary>The kitchen's business instruments (exported as <c>rush_kitchen_*</c>, <c>rush_consumer_backlog</c>, <c>rush_screens_clients</c>).</summary>
public static class KitchenMetrics
{
    /// <summary>Orders stored (new orders only, not idempotent replays), by channel <c>rest</c> or <c>grpc</c>.</summary>
    public static Counter<long> OrdersCreated { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.kitchen.orders.created", "{order}", "Orders accepted and stored, by intake channel (rest, grpc).");

    /// <summary>Fill of the current and the next slot, the fuller of price and make-minutes capacity (0..1, above 1 if capacity was lowered).</summary>
    public static Gauge<double> SlotUtilisation { get; } = RushMeter.Instance.CreateGauge<double>(
        "rush.kitchen.slot.utilisation_ratio", "1", "Fill of the kitchen slot (slot=current|next): the fuller of price and make-time capacity, 0..1.");

    /// <summary>Messages waiting in a consumer group's queue.</summary>
    public static Gauge<long> ConsumerBacklog { get; } = RushMeter.Instance.CreateGauge<long>(
        "rush.consumer.backlog", "{message}", "Messages ready in the consumer group's queue and not yet delivered (the consumer lag), by group.");

    /// <summary>Open screen WebSockets on this process, by hub.</summary>
    public static UpDownCounter<int> ScreenClients { get; } = RushMeter.Instance.CreateUpDownCounter<int>(
        "rush.screens.clients", "{client}", "Screen WebSocket clients connected to this process, by hub (kds, erp).");

    /// <summary>Runs of the snapshot script (screens joining from scratch share a cached one).</summary>
    public static Counter<long> ScreenSnapshotReads { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.screens.snapshot_reads", "{read}", "Snapshot reads from Redis for screens joining from scratch, by hub.");

    /// <summary>Counts one stored order.</summary>
    public static void OrderCreated(OrderChannel channel) => OrdersCreated.Add(1, ChannelTag(channel));

    /// <summary>Orders by channel at 0, so both series exist from start-up.</summary>
    public static void AnnounceKnownSeries()
    {
        OrdersCreated.Add(0, ChannelTag(OrderChannel.Rest));
        OrdersCreated.Add(0, ChannelTag(OrderChannel.Grpc));
    }

    private static KeyValuePair<string, object?> ChannelTag(OrderChannel channel) => new("channel", channel == OrderChannel.Grpc ? "grpc" : "rest");
}
