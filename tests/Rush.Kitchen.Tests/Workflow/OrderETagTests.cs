using Rush.Kitchen.Workflow;

namespace Rush.Kitchen.Tests.Workflow;

public sealed class OrderETagTests
{
    [Fact]
    public void A_version_is_a_quoted_number() => Assert.Equal("\"42\"", OrderETag.Format(42));

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("", true, null)]
    [InlineData("*", true, null)]
    [InlineData("\"3\"", true, 3)]
    [InlineData(" \"17\" ", true, 17)]
    [InlineData("3", false, null)]
    [InlineData("W/\"3\"", false, null)]
    [InlineData("\"3\", \"4\"", false, null)]
    [InlineData("\"0\"", false, null)]
    [InlineData("\"-1\"", false, null)]
    [InlineData("\"abc\"", false, null)]
    [InlineData("\"\"", false, null)]
    [InlineData("\"99999999999\"", false, null)]
    public void If_match_takes_one_strong_version_or_any(string? header, bool valid, int? version)
    {
        Assert.Equal(valid, OrderETag.TryParseIfMatch(header, out var parsed));
        Assert.Equal(version, parsed);
    }
}
