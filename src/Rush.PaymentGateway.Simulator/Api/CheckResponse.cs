namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Answer of <c>POST /PaymentCheck/check</c>.</summary>
public sealed record CheckResponse(bool Success, IReadOnlyList<CheckedPayment> Payments, int TotalCount);
