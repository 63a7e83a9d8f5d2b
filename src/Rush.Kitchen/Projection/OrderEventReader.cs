using Google.Protobuf;
using Rush.Contracts.Kitchen.V1;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Projection;

/// <summary>Turns a <c>pizza-orders</c> message (type + protobuf body) into the order it carries.</summary>
public static class OrderEventReader
{
    /// <summary>
    /// The order of an <c>OrderPlaced</c> or <c>OrderStatusChanged</c> event. Throws
    /// <see cref="InvalidDataException"/> for anything else: such a message is poison, retrying cannot help.
    /// </summary>
    public static KitchenOrder Read(string? type, ReadOnlyMemory<byte> body)
    {
        try
        {
            var order = type switch
            {
                nameof(OrderPlaced) => OrderPlaced.Parser.ParseFrom(body.Span).Order,
                nameof(OrderStatusChanged) => OrderStatusChanged.Parser.ParseFrom(body.Span).Order,
                _ => throw new InvalidDataException($"Unknown event type '{type}'."),
            };
            return OrderEvents.FromProto(order ?? throw new InvalidDataException($"{type} without an order."));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException)
        {
            throw new InvalidDataException($"Unreadable {type}: {e.Message}", e);
        }
    }
}
