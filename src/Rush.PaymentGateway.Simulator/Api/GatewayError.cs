namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>An error answer of the gateway: HTTP status, the gateway's error code and a message for humans.</summary>
public sealed record GatewayError(int Status, string Code, string Message)
{
    /// <summary>1000: the body is not what the call expects.</summary>
    public static GatewayError BadBody(string message) => new(400, "1000", message);

    /// <summary>1001: unknown team slug or wrong token.</summary>
    public static GatewayError AuthFailed() => new(401, "1001", "Authentication failed: unknown team or wrong token.");

    /// <summary>1002: the order id is registered with different payment data.</summary>
    public static GatewayError Duplicate(string orderId) =>
        new(409, "1002", $"Order {orderId} is already registered with a different amount or currency.");

    /// <summary>1003: an argument is invalid or the payment's status does not allow the call.</summary>
    public static GatewayError BadArgument(string message) => new(400, "1003", message);

    /// <summary>1404: no such payment.</summary>
    public static GatewayError NotFound(string what) => new(404, "1404", $"Payment {what} not found.");

    /// <summary>1408: the gateway timed out.</summary>
    public static GatewayError Timeout() => new(504, "1408", "The gateway timed out.");

    /// <summary>2409: the payment was confirmed before.</summary>
    public static GatewayError AlreadyConfirmed(string paymentId) => new(409, "2409", $"Payment {paymentId} is already confirmed.");

    /// <summary>3409: the payment was cancelled (or refunded) before.</summary>
    public static GatewayError AlreadyCancelled(string paymentId) => new(409, "3409", $"Payment {paymentId} is already cancelled.");

    /// <summary>9999: internal error.</summary>
    public static GatewayError Internal() => new(500, "9999", "Internal gateway error.");
}
