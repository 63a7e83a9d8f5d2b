using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>
/// <c>POST /api/v1/PaymentCheck/check</c>: a payment's state by <c>paymentId</c> (token PaymentId + Password +
/// TeamSlug) or, without a payment id, by <c>orderId</c> (token OrderId + Password + TeamSlug). An unknown
/// payment id is 404 / 1404; an unknown order answers an empty list (the init never reached the gateway).
/// </summary>
public static class CheckEndpoint
{
    /// <summary>Handles one check call.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, MerchantAuthenticator auth, PaymentStore store, PaymentProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.CheckRequest);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var byPayment = !string.IsNullOrEmpty(request!.PaymentId);
        var id = byPayment ? request.PaymentId! : request.OrderId ?? "";
        var authError = auth.Check(request.TeamSlug, request.Token, (password, team) => MerchantToken.ForLookup(id, password, team));
        if (authError is not null)
        {
            return GatewayResults.Error(authError);
        }

        if (id.Length == 0)
        {
            return GatewayResults.Error(GatewayError.BadArgument("Give paymentId or orderId."));
        }

        var payment = byPayment ? store.Find(id) : store.FindByOrder(id);
        if (payment is null)
        {
            return byPayment
                ? GatewayResults.Error(GatewayError.NotFound(id))
                : GatewayResults.Ok(new CheckResponse(true, [], 0), GatewayJson.Api.CheckResponse);
        }

        processor.ExpireIfDue(payment);
        return GatewayResults.Ok(new CheckResponse(true, [CheckedPayment.From(payment.Snapshot())], 1), GatewayJson.Api.CheckResponse);
    }
}
