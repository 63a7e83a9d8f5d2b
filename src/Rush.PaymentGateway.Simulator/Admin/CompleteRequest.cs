namespace Rush.PaymentGateway.Simulator.Admin;

/// <summary>Body of <c>POST /admin/payments/{paymentId}/complete</c>: what the customer's payment does.</summary>
/// <param name="Outcome"><c>success</c>, <c>declined</c>, <c>insufficient_funds</c>, <c>network_error</c>, <c>authorization_error</c>, <c>fraud</c>, <c>no_3ds</c> or <c>expired</c>.</param>
public sealed record CompleteRequest(string? Outcome);
