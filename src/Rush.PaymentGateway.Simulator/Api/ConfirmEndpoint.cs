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

        var (payment, lookupError) = PaymentLookup.Find(auth, store, request!.TeamSlug, request.PaymentId);
        if (lookupError is not null)
        {
            return GatewayResults.Error(lookupError);
        }

        var amount = request.Amount ?? payment!.Amount;
        var authError = auth.Check(request.TeamSlug, request.Token,
            (password, team) => MerchantToken.ForPayment(amount, payment!.Currency, payment.OrderId, password, team));
        if (authError is not null)
        {
            return GatewayResults.Error(authError);
        }

        var (confirmed, error) = processor.Confirm(payment!, amount);
        return error is not null
            ? GatewayResults.Error(error)
            : GatewayResults.Ok(
                new ConfirmResponse(true, confirmed.PaymentId, confirmed.OrderId, confirmed.Status, confirmed.Amount, confirmed.ConfirmedAt),
                GatewayJson.Api.ConfirmResponse);
    }
}
