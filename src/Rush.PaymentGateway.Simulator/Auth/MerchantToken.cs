using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rush.PaymentGateway.Simulator.Auth;

/// <summary>
/// The request token: lowercase hex SHA-256 of values concatenated without separators, the password and
/// team slug last. The gateway recomputes it from the request and its own copy of the password.
/// </summary>
public static class MerchantToken
{
    /// <summary>Init, confirm, cancel: <c>Amount + Currency + OrderId + Password + TeamSlug</c> (amount in minor units, invariant digits).</summary>
    public static string ForPayment(long amount, string currency, string orderId, string password, string teamSlug) =>
        Hash(amount.ToString(CultureInfo.InvariantCulture) + currency + orderId + password + teamSlug);

    /// <summary>Check: <c>PaymentId + Password + TeamSlug</c>, or <c>OrderId + Password + TeamSlug</c> when checking by order.</summary>
    public static string ForLookup(string id, string password, string teamSlug) => Hash(id + password + teamSlug);

    /// <summary>Constant-time comparison (a byte-by-byte early exit would let a caller guess a token by timing).</summary>
    public static bool Matches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
