namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Every error answer: <c>{"success":false,"errorCode":"...","message":"..."}</c>.</summary>
public sealed record ErrorBody(bool Success, string ErrorCode, string Message);
