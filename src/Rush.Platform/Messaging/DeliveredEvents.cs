using System.Text;
using RabbitMQ.Client;
using Rush.Platform.Observability;

namespace Rush.Platform.Messaging;

/// <summary>The events in one RabbitMQ delivery: one for a plain message, several for an <see cref="EventBatch"/>.</summary>
/// <remarks>
/// A consumer acknowledges the delivery once it has handled every event in it (at-least-once per event: a crash in the
/// middle redelivers the whole batch, and consumers already deduplicate by message id / version).
/// </remarks>
public static class DeliveredEvents
{
    /// <summary>Reads the events of a delivery, in the order they were published.</summary>
    /// <exception cref="InvalidDataException">A batch that is not well-formed (poison).</exception>
    public static IReadOnlyList<IncomingEvent> Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Type == EventBatch.MessageType)
        {
            return EventBatch.Decode(body);
        }

        return
        [
            new IncomingEvent(
                Guid.TryParse(properties.MessageId, out var id) ? id : Guid.Empty,
                properties.Type ?? "",
                properties.CorrelationId ?? "",
                TraceParentOf(properties),
                body),
        ];
    }

    /// <summary>The W3C <c>traceparent</c> the outbox relay put in a message's headers (AMQP delivers a string header as bytes).</summary>
    public static string? TraceParentOf(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(RushTracing.TraceParentHeader, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;
}
