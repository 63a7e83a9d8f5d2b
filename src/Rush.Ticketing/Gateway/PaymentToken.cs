using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rush.Ticketing.Gateway;

/// <summary>
/// The gateway's request token: lowercase hex SHA-256 of values concatenated without separators, in a
/// fixed order, password and team slug last. The password itself never travels.
/// </summary>
public static class PaymentToken
{
    /// <summary>Init, confirm, cancel: <c>Amount + Currency + OrderId + Password + TeamSlug</c>, the amount in minor units as invariant digits.</summary>
    public static string ForPayment(long amount, string currency, string orderId, string password, string teamSlug) =>
        Hash(amount.ToString(CultureInfo.InvariantCulture) + currency + orderId + password + teamSlug);

    /// <summary>Check: <c>PaymentId + Password + TeamSlug</c>; for a check by order, <c>OrderId + Password + TeamSlug</c>.</summary>
    public static string ForLookup(string id, string password, string teamSlug) => Hash(id + password + teamSlug);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
