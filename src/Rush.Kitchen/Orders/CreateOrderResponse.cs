namespace Rush.Kitchen.Orders;

/// <summary>The answer to an accepted order (seed 001 <c>OrderResponse</c>, plus slot details).</summary>
public sealed record CreateOrderResponse(
    Guid OrderId,
    string DisplayId,
    DateTimeOffset SlotStartTime,
    DateTimeOffset EstimatedTime,
    string TargetSlotId,
    DateTimeOffset VisibleAt,
    decimal TotalPrice,
    string Status);
