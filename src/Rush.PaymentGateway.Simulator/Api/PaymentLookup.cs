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
}
