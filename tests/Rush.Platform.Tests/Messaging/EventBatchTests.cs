using Rush.Platform.Messaging;

namespace Rush.Platform.Tests.Messaging;

/// <summary>The batch wire format on its own, without a broker.</summary>
public sealed class EventBatchTests
{
    internal const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void A_batch_gives_back_every_event_with_its_id_type_key_trace_and_body_in_order()
    {
        OutgoingEvent[] events =
        [
            new("pizza-orders", "order-1", Guid.NewGuid(), "OrderPlaced", new byte[] { 1, 2, 3 }) { TraceParent = TraceParent },
            new("pizza-orders", "заказ-2", Guid.NewGuid(), "OrderStatusChanged", Array.Empty<byte>()) { TraceParent = null },
        ];

        var read = EventBatch.Decode(EventBatch.Encode(events));

        Assert.Equal(events.Length, read.Count);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].MessageId, read[i].MessageId);
            Assert.Equal(events[i].Type, read[i].Type);
            Assert.Equal(events[i].Key, read[i].Key);
            Assert.Equal(events[i].TraceParent, read[i].TraceParent);
            Assert.Equal(events[i].Body.ToArray(), read[i].Body.ToArray());
        }
    }

    [Fact]
    public void A_truncated_or_foreign_body_is_poison_not_a_crash()
    {
        var body = EventBatch.Encode([new OutgoingEvent("t", "k", Guid.NewGuid(), "OrderPlaced", new byte[] { 9, 9 })]);

        Assert.Throws<InvalidDataException>(() => EventBatch.Decode(body.AsMemory(0, body.Length - 1)));
        Assert.Throws<InvalidDataException>(() => EventBatch.Decode(new byte[] { 8, 1, 2 }));
        Assert.Throws<InvalidDataException>(() => EventBatch.Decode(body.Append((byte)0).ToArray()));
    }
}
