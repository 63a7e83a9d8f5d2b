namespace Rush.Ticketing.Gateway;

/// <summary>The payments a check found (none when an order was never registered).</summary>
public sealed record PaymentCheckResult(IReadOnlyList<GatewayPayment> Payments, int TotalCount);
