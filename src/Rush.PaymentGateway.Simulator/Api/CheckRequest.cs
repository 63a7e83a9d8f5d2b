namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Body of <c>POST /PaymentCheck/check</c>: by payment id, or by order id when no payment id is given.</summary>
public sealed record CheckRequest(string? TeamSlug, string? Token, string? PaymentId, string? OrderId);
