using Rush.PaymentGateway.Simulator.Api;

namespace Rush.PaymentGateway.Simulator.Admin;

/// <summary>A payment with its webhooks, as <c>GET /admin/payments/{paymentId}</c> shows it.</summary>
public sealed record AdminPaymentView(CheckedPayment Payment, IReadOnlyList<WebhookView> Webhooks);
