using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rush.Kitchen.Orders;

/// <summary>
/// The token an order's answer carries so its customer (who may be anonymous) can read the order's
/// contact data back: HMAC-SHA256 of the order id under <see cref="KitchenOptions.OrderAccessSecret"/>.
/// </summary>
/// <remarks>
/// Why an HMAC rather than a random token stored with the order: nothing to store or migrate, any
/// instance can check it without reading Postgres, and a retried request (same idempotency key)
/// gets the same token back. What it gives up: one order's token cannot be revoked alone (rotating
/// the secret revokes all of them), which is acceptable for read access to one's own order. The
/// secret comes from configuration; without one, a random per-process secret is used and a warning
/// logged (tokens then fail after a restart and across instances; <c>./rush up</c> always sets one).
/// </remarks>
public sealed partial class OrderAccessToken
{
    /// <summary>Header a customer sends the token back in.</summary>
    public const string Header = "X-Order-Token";

    private readonly byte[] _secret;

    /// <summary>Reads the secret.</summary>
    public OrderAccessToken(IOptions<KitchenOptions> options, ILogger<OrderAccessToken> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.OrderAccessSecret;
        if (string.IsNullOrEmpty(configured))
        {
            LogEphemeralSecret(log);
            _secret = RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            _secret = Encoding.UTF8.GetBytes(configured);
        }
    }

    /// <summary>The token of an order.</summary>
    public string For(Guid orderId) => Convert.ToBase64String(Mac(orderId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when <paramref name="token"/> is the order's token (compared in constant time).</summary>
    public bool Matches(Guid orderId, string? token) =>
        token is { Length: > 0 and <= 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(For(orderId)));

    private byte[] Mac(Guid orderId) => HMACSHA256.HashData(_secret, orderId.ToByteArray());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kitchen:OrderAccessSecret is not set: order access tokens use a random per-process secret and stop working after a restart or on other instances")]
    private static partial void LogEphemeralSecret(ILogger log);
}
