using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>
/// <c>POST /api/v1/PaymentConfirm/confirm</c>: takes the money of an AUTHORIZED payment. Token: Amount +
/// Currency + OrderId + Password + TeamSlug of the payment (amount as sent, else the payment's).
/// </summary>
public static class ConfirmEndpoint
{
    /// <summary>Handles one confirm call.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, MerchantAuthenticator auth, PaymentStore store, PaymentProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.ConfirmRequest);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var (payment, amount, lookupError) = PaymentLookup.FindAuthorised(auth, store, request!.TeamSlug, request.PaymentId, request.Token, request.Amount);
        if (lookupError is not null)
        {
            return GatewayResults.Error(lookupError);
        }

        var (confirmed, error) = processor.Confirm(payment!, amount);
        return error is not null
            ? GatewayResults.Error(error)
            : GatewayResults.Ok(
                new ConfirmResponse(true, confirmed.PaymentId, confirmed.OrderId, confirmed.Status, confirmed.Amount, confirmed.ConfirmedAt),
                GatewayJson.Api.ConfirmResponse);
    }
}
