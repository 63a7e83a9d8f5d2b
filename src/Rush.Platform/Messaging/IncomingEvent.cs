namespace Rush.Platform.Messaging;

/// <summary>An event as a consumer reads it from the event log: one per <see cref="OutgoingEvent"/> published.</summary>
/// <param name="MessageId">The publisher's unique id; consumers deduplicate on it.</param>
/// <param name="Type">Event type, e.g. <c>OrderPlaced</c>.</param>
/// <param name="Key">Partitioning key, e.g. the order id.</param>
/// <param name="TraceParent">W3C trace context of the operation that caused the event, if any.</param>
/// <param name="Body">Serialized payload (protobuf).</param>
public sealed record IncomingEvent(Guid MessageId, string Type, string Key, string? TraceParent, ReadOnlyMemory<byte> Body);
