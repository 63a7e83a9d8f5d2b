using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Answer of <c>POST /PaymentCancel/cancel</c>: CANCELLED before confirmation, REFUNDED after.</summary>
public sealed record CancelResponse(bool Success, string PaymentId, string OrderId, PaymentStatus Status, long Amount, DateTimeOffset CancelledAt);
