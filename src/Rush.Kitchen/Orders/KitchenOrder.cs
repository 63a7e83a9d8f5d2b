namespace Rush.Kitchen.Orders;

/// <summary>An order as stored in Postgres, the source of truth.</summary>
public sealed record KitchenOrder(
    Guid Id,
    DateTimeOffset CreatedAt,
    string DisplayId,
    long CustomerId,
    string CustomerFirstName,
    string CustomerLastName,
    string CustomerPhone,
    bool IsPickup,
    string? DeliveryAddress,
    IReadOnlyList<OrderItem> Items,
    decimal TotalPrice,
    int MakeMinutes,
    string Status,
    int Version,
    DateTimeOffset SlotStart,
    DateTimeOffset VisibleAt,
    string? RequestId)
{
    /// <summary>Status of a new order (seed 001).</summary>
    public const string Pending = "pending";

    /// <summary>The seed's slot id as clients see it: <c>slot:{unix seconds}</c>.</summary>
    public string TargetSlotId => Slots.SlotKeys.SlotId(SlotStart.ToUnixTimeSeconds());

    /// <summary>The answer a client got (and gets again on a retry).</summary>
    public CreateOrderResponse ToResponse() =>
        new(Id, DisplayId, SlotStart, SlotStart, TargetSlotId, VisibleAt, TotalPrice, Status);
}
