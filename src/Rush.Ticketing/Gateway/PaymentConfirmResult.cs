namespace Rush.Ticketing.Gateway;

/// <summary>A confirmed payment.</summary>
public sealed record PaymentConfirmResult(string PaymentId, string OrderId, string Status, long ConfirmedAmount, DateTimeOffset? ConfirmedAt);
