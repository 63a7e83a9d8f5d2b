using Rush.Platform.Grpc;

namespace Rush.Platform.Tests.Grpc;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1n", 0L)]
    [InlineData("12345n", 123L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    [InlineData("00000001S", 10_000_000L)]
    public void Timeout_units_convert_to_ticks(string header, long ticks)
    {
        Assert.True(GrpcProtocol.TryParseTimeout(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("123456789m")]
    [InlineData(" 1S")]
    [InlineData("1.5S")]
    public void Malformed_timeouts_are_refused(string header)
    {
        Assert.False(GrpcProtocol.TryParseTimeout(header, out _));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("été", "%C3%A9t%C3%A9")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("~ and \u007f", "~ and %7F")]
    public void Status_messages_are_percent_encoded(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcProtocol.PercentEncode(message));
        Assert.Equal(message, Uri.UnescapeDataString(encoded));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("APPLICATION/GRPC", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc;charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Only_protobuf_grpc_content_types_are_accepted(string? contentType, bool accepted)
    {
        Assert.Equal(accepted, GrpcProtocol.IsGrpcContentType(contentType));
    }

    [Fact]
    public void Grpc_exception_refuses_the_ok_status()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrpcException(GrpcStatusCode.OK, "fine"));
    }
}
