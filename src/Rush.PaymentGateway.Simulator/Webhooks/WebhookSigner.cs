using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>Computes <c>X-Webhook-Signature</c>: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
public sealed class WebhookSigner(IOptions<GatewayOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.WebhookSecret);

    /// <summary>The header value for <paramref name="body"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body));
}
