namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Body of <c>POST /PaymentCancel/cancel</c>; <c>amount</c> (for the token) defaults to the payment's amount.</summary>
public sealed record CancelRequest(string? TeamSlug, string? Token, string? PaymentId, string? Reason, long? Amount);
