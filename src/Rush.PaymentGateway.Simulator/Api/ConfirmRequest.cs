namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Body of <c>POST /PaymentConfirm/confirm</c>; <c>amount</c> defaults to the authorised amount.</summary>
public sealed record ConfirmRequest(string? TeamSlug, string? Token, string? PaymentId, long? Amount);
