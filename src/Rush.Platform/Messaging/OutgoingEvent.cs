using Rush.Platform.Observability;

namespace Rush.Platform.Messaging;

/// <summary>An event on its way to a topic of the event log.</summary>
/// <param name="Topic">Topic name (seed 001: <c>pizza-orders</c>).</param>
/// <param name="Key">Partitioning key, e.g. the order id: events of one key stay related.</param>
/// <param name="MessageId">Unique id; consumers deduplicate on it.</param>
/// <param name="Type">Event type, e.g. <c>OrderPlaced</c>.</param>
/// <param name="Body">Serialized payload (protobuf).</param>
public sealed record OutgoingEvent(string Topic, string Key, Guid MessageId, string Type, ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// W3C trace context of the operation that caused the event, taken when the event is made (inside
    /// the request), stored with the outbox row and sent as the message's <c>traceparent</c> header, so
    /// the consumer continues the same trace.
    /// </summary>
    public string? TraceParent { get; init; } = RushTracing.CurrentTraceParent;
}
