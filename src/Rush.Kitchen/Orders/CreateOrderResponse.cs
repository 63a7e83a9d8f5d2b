namespace Rush.Kitchen.Orders;

/// <summary>The answer to an accepted order (seed 001 <c>OrderResponse</c>, plus slot details and, over REST, the order's access token).</summary>
public sealed record CreateOrderResponse(
    Guid OrderId,
    string DisplayId,
    DateTimeOffset SlotStartTime,
    DateTimeOffset EstimatedTime,
    string TargetSlotId,
    DateTimeOffset VisibleAt,
    decimal TotalPrice,
    string Status)
{
    /// <summary>Send it back as <c>X-Order-Token</c> to read the order with its contact data (an HMAC of the order id, see the OrderAccessToken class).</summary>
    public string? OrderAccessToken { get; init; }
}
