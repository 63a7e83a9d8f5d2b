using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Workflow;

/// <summary>Answer of <c>GET /api/v1/erp/orders/active</c>: the snapshot a screen loads before it follows updates.</summary>
/// <param name="Orders">Active orders, by slot start then creation time.</param>
/// <param name="Truncated">True when more orders matched than <c>limit</c> allowed.</param>
public sealed record ActiveOrders(IReadOnlyList<OrderView> Orders, bool Truncated);
