namespace Rush.Ticketing.Gateway;

/// <summary>What the merchant knows of a registered payment; confirm and cancel need all of it for their token.</summary>
public sealed record PaymentReference(string PaymentId, string OrderId, long Amount, string Currency);
