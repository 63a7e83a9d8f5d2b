using System.Text;
using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Tests.Gateway;

/// <summary>Webhook signatures against HMACs computed outside .NET (<c>openssl dgst -sha256 -hmac</c>).</summary>
public sealed class WebhookSignatureTests
{
    private const string Body = """{"paymentId":"pay_1","status":"completed"}""";

    // printf '%s' '{"paymentId":"pay_1","status":"completed"}' | openssl dgst -sha256 -hmac whsec_test
    private const string BodyHmac = "f83e67ccec712cb92b8836233da8857ec22cb0b1046899ebb07f13110b7f093b";

    private static readonly WebhookSignature Signature = new("whsec_test");

    [Fact]
    public void Sign_matches_known_vectors()
    {
        // The widely quoted HMAC-SHA256 example (key "key", "The quick brown fox..."), then our body's openssl digest.
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            new WebhookSignature("key").Sign("The quick brown fox jumps over the lazy dog"u8));
        Assert.Equal("sha256=" + BodyHmac, Signature.Sign(Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData("sha256=" + BodyHmac)]
    [InlineData(BodyHmac)]
    [InlineData("SHA256=" + BodyHmac)]
    [InlineData(" sha256=" + BodyHmac + " ")]
    public void Verify_accepts_the_signature_with_or_without_prefix(string header) =>
        Assert.True(Signature.Verify(Encoding.UTF8.GetBytes(Body), header));

    [Fact]
    public void Verify_accepts_upper_case_hex() =>
        Assert.True(Signature.Verify(Encoding.UTF8.GetBytes(Body), "sha256=" + BodyHmac.ToUpperInvariant()));

    [Fact]
    public void Tampered_body_fails()
    {
        var tampered = Body.Replace("completed", "COMPLETED", StringComparison.Ordinal);
        Assert.False(Signature.Verify(Encoding.UTF8.GetBytes(tampered), "sha256=" + BodyHmac));
    }

    [Fact]
    public void Other_secret_fails() =>
        Assert.False(new WebhookSignature("whsec_other").Verify(Encoding.UTF8.GetBytes(Body), "sha256=" + BodyHmac));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz3e67ccec712cb92b8836233da8857ec22cb0b1046899ebb07f13110b7f093b")]
    [InlineData("sha256=f83e67ccec712cb92b8836233da8857ec22cb0b1046899ebb07f13110b7f09")]
    [InlineData("sha256=f83e67ccec712cb92b8836233da8857ec22cb0b1046899ebb07f13110b7f093b00")]
    [InlineData("md5=f83e67ccec712cb92b8836233da8857ec22cb0b1046899ebb07f13110b7f093b")]
    public void Missing_or_malformed_header_fails(string? header) =>
        Assert.False(Signature.Verify(Encoding.UTF8.GetBytes(Body), header));
}
