namespace Rush.Ticketing.Gateway;

/// <summary>A cancelled payment: <c>CANCELLED</c> (or <c>REVERSED</c>) before confirmation, <c>REFUNDED</c> after.</summary>
public sealed record PaymentCancelResult(string PaymentId, string OrderId, string Status);
