using System.Buffers.Binary;
using System.Text;

namespace Rush.Platform.Messaging;

/// <summary>Several events of one topic in one broker message (<see cref="Outbox.OutboxOptions.EventsPerMessage"/>).</summary>
/// <remarks>
/// Why: RabbitMQ's cost is per message — routing, the quorum queue's Raft log entry, the stream entry, the
/// publisher confirm, the delivery and the consumer's ack each happen once per message, whatever its size (README
/// "Performance"). Packing the events of one relay round into a few messages divides that cost while consumers
/// still see every event, in outbox order, each with its own id, type, key and trace context.
/// Layout (little-endian): "RB1", int32 count, then per event: 16-byte message id, and int32-length-prefixed type,
/// key, trace parent (length -1 = none) and body. Strings are UTF-8.
/// </remarks>
public static class EventBatch
{
    /// <summary>AMQP <c>type</c> of a batch message; a consumer that does not know it must not ack it.</summary>
    public const string MessageType = "rush.event-batch.v1";

    /// <summary>AMQP <c>content_type</c> of a batch message.</summary>
    public const string ContentType = "application/x-rush-event-batch";

    private static ReadOnlySpan<byte> Magic => "RB1"u8;

    /// <summary>Serializes <paramref name="events"/> (all of one topic) into one message body.</summary>
    public static byte[] Encode(IReadOnlyList<OutgoingEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var size = Magic.Length + 4;
        foreach (var e in events)
        {
            size += 16 + 16 + Encoding.UTF8.GetByteCount(e.Type) + Encoding.UTF8.GetByteCount(e.Key)
                + (e.TraceParent is null ? 0 : Encoding.UTF8.GetByteCount(e.TraceParent)) + e.Body.Length;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], events.Count);
        at += 4;
        foreach (var e in events)
        {
            e.MessageId.TryWriteBytes(span[at..]);
            at += 16;
            at = WriteString(span, at, e.Type);
            at = WriteString(span, at, e.Key);
            at = WriteString(span, at, e.TraceParent);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], e.Body.Length);
            at += 4;
            e.Body.Span.CopyTo(span[at..]);
            at += e.Body.Length;
        }

        return buffer;
    }

    /// <summary>Reads a batch body; the event bodies are slices of <paramref name="body"/> (copy it if the buffer is reused).</summary>
    /// <exception cref="InvalidDataException">The body is not a well-formed batch (a poison message).</exception>
    public static IReadOnlyList<IncomingEvent> Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length < Magic.Length + 4 || !span[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an event batch (bad header).");
        }

        var at = Magic.Length;
        var count = ReadLength(span, ref at);
        var events = new List<IncomingEvent>(Math.Min(count, 10_000));
        for (var i = 0; i < count; i++)
        {
            Need(span, at, 16);
            var id = new Guid(span.Slice(at, 16));
            at += 16;
            var type = ReadString(span, ref at) ?? throw new InvalidDataException("Event batch: an event has no type.");
            var key = ReadString(span, ref at) ?? throw new InvalidDataException("Event batch: an event has no key.");
            var traceParent = ReadString(span, ref at);
            var length = ReadLength(span, ref at);
            Need(span, at, length);
            events.Add(new IncomingEvent(id, type, key, traceParent, body.Slice(at, length)));
            at += length;
        }

        return at == span.Length ? events : throw new InvalidDataException("Event batch: trailing bytes.");
    }

    private static int WriteString(Span<byte> span, int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], -1);
            return at + 4;
        }

        var written = Encoding.UTF8.GetBytes(value, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], written);
        return at + 4 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> span, ref int at)
    {
        Need(span, at, 4);
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (length == -1)
        {
            return null;
        }

        if (length < 0)
        {
            throw new InvalidDataException("Event batch: negative length.");
        }

        Need(span, at, length);
        var value = Encoding.UTF8.GetString(span.Slice(at, length));
        at += length;
        return value;
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int at)
    {
        Need(span, at, 4);
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        return length >= 0 ? length : throw new InvalidDataException("Event batch: negative length.");
    }

    private static void Need(ReadOnlySpan<byte> span, int at, int length)
    {
        if (length > span.Length - at)
        {
            throw new InvalidDataException("Event batch: truncated.");
        }
    }
}
