using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Finds the payment a confirm or cancel call names, after checking the team (the token needs the payment's data).</summary>
public static class PaymentLookup
{
    /// <summary>The payment, or 1001 for an unknown team, 1003 without a payment id, 1404 when unknown.</summary>
    public static (Payment? Payment, GatewayError? Error) Find(MerchantAuthenticator auth, PaymentStore store, string? teamSlug, string? paymentId)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(store);
        if (!auth.IsKnownTeam(teamSlug))
        {
            return (null, GatewayError.AuthFailed());
        }

        if (string.IsNullOrEmpty(paymentId))
        {
            return (null, GatewayError.BadArgument("paymentId is required."));
        }

        var payment = store.Find(paymentId);
        return payment is null ? (null, GatewayError.NotFound(paymentId)) : (payment, null);
    }

    /// <summary>
    /// <see cref="Find"/>, then the token check of confirm and cancel: Amount + Currency + OrderId + Password +
    /// TeamSlug of the payment, with the amount as sent or else the payment's. Returns that amount too.
    /// </summary>
    public static (Payment? Payment, long Amount, GatewayError? Error) FindAuthorised(
        MerchantAuthenticator auth, PaymentStore store, string? teamSlug, string? paymentId, string? token, long? amount)
    {
        var (payment, lookupError) = Find(auth, store, teamSlug, paymentId);
        if (lookupError is not null)
        {
            return (null, 0, lookupError);
        }

        var used = amount ?? payment!.Amount;
        var authError = auth.Check(teamSlug, token, (password, team) => MerchantToken.ForPayment(used, payment!.Currency, payment.OrderId, password, team));
        return authError is not null ? (null, 0, authError) : (payment, used, null);
    }
}
