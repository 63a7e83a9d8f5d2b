using System.Security.Cryptography;
using System.Text;

namespace Rush.Ticketing.Gateway;

/// <summary>
/// The gateway's <c>X-Webhook-Signature</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed
/// with the webhook secret. Verify the raw bytes as received, before any JSON parsing.
/// </summary>
public sealed class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string HeaderName = "X-Webhook-Signature";

    private const string Prefix = "sha256=";
    private readonly byte[] _key;

    /// <summary>A verifier for the given webhook secret.</summary>
    public WebhookSignature(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The header value the gateway sends for <paramref name="body"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body));

    /// <summary>
    /// True when <paramref name="header"/> (with or without the <c>sha256=</c> prefix, hex in either case) is the
    /// signature of <paramref name="body"/>. The comparison takes the same time wherever the first wrong byte
    /// is, so a forger cannot find the signature byte by byte.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> body, string? header)
    {
        var hex = header.AsSpan().Trim();
        if (hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[Prefix.Length..];
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != given.Length * 2
            || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
