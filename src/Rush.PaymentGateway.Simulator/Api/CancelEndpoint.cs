using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>
/// <c>POST /api/v1/PaymentCancel/cancel</c>: CANCELLED before confirmation, REFUNDED after. Token: Amount +
/// Currency + OrderId + Password + TeamSlug of the payment (amount as sent, else the payment's).
/// </summary>
public static class CancelEndpoint
{
    /// <summary>Handles one cancel call.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, MerchantAuthenticator auth, PaymentStore store, PaymentProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.CancelRequest);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var (payment, amount, lookupError) = PaymentLookup.FindAuthorised(auth, store, request!.TeamSlug, request.PaymentId, request.Token, request.Amount);
        if (lookupError is not null)
        {
            return GatewayResults.Error(lookupError);
        }

        if (amount != payment!.Amount)
        {
            return GatewayResults.Error(GatewayError.BadArgument($"The amount must be the payment's amount {payment.Amount} (no partial cancellation)."));
        }

        var (cancelled, error) = processor.Cancel(payment);
        return error is not null
            ? GatewayResults.Error(error)
            : GatewayResults.Ok(
                new CancelResponse(true, cancelled.PaymentId, cancelled.OrderId, cancelled.Status, cancelled.Amount, cancelled.UpdatedAt),
                GatewayJson.Api.CancelResponse);
    }
}
