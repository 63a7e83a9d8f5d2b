using System.Text;
using Rush.Platform.Caching;

namespace Rush.Platform.Tests.Caching;

/// <summary>The Redis format of cached values: logical expiry, then the JSON.</summary>
public sealed class CacheEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Encoded_envelope_reads_back_with_its_expiry_and_json()
    {
        var envelope = new CacheEnvelope(Now, Encoding.UTF8.GetBytes("""{"a":"x|y"}"""));

        var read = CacheEnvelope.Decode(envelope.Encode())!;

        Assert.Equal(Now, read.ExpiresAt);
        Assert.Equal("""{"a":"x|y"}""", Encoding.UTF8.GetString(read.Json.Span));
    }

    [Fact]
    public void Stored_text_is_the_expiry_in_unix_milliseconds_a_bar_and_the_json()
    {
        var stored = new CacheEnvelope(Now, "{}"u8.ToArray()).Encode();

        Assert.Equal($"{Now.ToUnixTimeMilliseconds()}|{{}}", Encoding.ASCII.GetString(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"json\":1}")]
    [InlineData("|{}")]
    [InlineData("12x|{}")]
    public void Anything_else_in_the_key_is_a_miss(string stored) =>
        Assert.Null(CacheEnvelope.Decode(Encoding.UTF8.GetBytes(stored)));

    [Fact]
    public void Value_is_fresh_until_its_expiry_and_not_at_it()
    {
        var envelope = new CacheEnvelope(Now, "{}"u8.ToArray());

        Assert.True(envelope.IsFresh(Now.AddTicks(-1)));
        Assert.False(envelope.IsFresh(Now));
    }
}
