using Rush.PaymentGateway.Simulator.Api;

namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>The payment after an operation, or why the operation was refused (the payment then is unchanged).</summary>
public readonly record struct PaymentResult(PaymentSnapshot Payment, GatewayError? Error);
