using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Answer of <c>POST /PaymentConfirm/confirm</c>.</summary>
public sealed record ConfirmResponse(bool Success, string PaymentId, string OrderId, PaymentStatus Status, long ConfirmedAmount, DateTimeOffset? ConfirmedAt);
