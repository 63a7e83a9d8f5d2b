using Microsoft.AspNetCore.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class RateLimitHeadersTests
{
    private static readonly RatePolicy Menu = new("menu", RateWindowKind.Fixed, 10, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);

    [Fact]
    public void Policy_field_names_the_policy_as_a_string_with_quota_and_window_seconds()
    {
        Assert.Equal("\"menu\";q=10;w=60", Menu.PolicyHeader);
    }

    [Fact]
    public void Limit_field_carries_remaining_quota_and_reset_seconds_rounded_up()
    {
        var decision = new RateLimitDecision(true, 7, TimeSpan.FromMilliseconds(41_001), RateLimitStore.Redis);

        Assert.Equal("\"menu\";r=7;t=42", RateLimitHeaders.Limit(Menu, decision));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(60_000, 60)]
    public void Seconds_round_up_and_are_never_zero(long milliseconds, long seconds)
    {
        Assert.Equal(seconds, RateLimitHeaders.Seconds(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Refusal_sets_retry_after_equal_to_the_reset()
    {
        var response = new DefaultHttpContext().Response;

        RateLimitHeaders.Apply(response, Menu, new RateLimitDecision(false, 0, TimeSpan.FromSeconds(12.5), RateLimitStore.Local));

        Assert.Equal("13", response.Headers.RetryAfter.ToString());
        Assert.Equal("\"menu\";r=0;t=13", response.Headers["RateLimit"].ToString());
        Assert.Equal("\"menu\";q=10;w=60", response.Headers["RateLimit-Policy"].ToString());
    }

    [Fact]
    public void Allowed_answer_has_no_retry_after()
    {
        var response = new DefaultHttpContext().Response;

        RateLimitHeaders.Apply(response, Menu, new RateLimitDecision(true, 9, TimeSpan.FromSeconds(60), RateLimitStore.Redis));

        Assert.False(response.Headers.ContainsKey("Retry-After"));
        Assert.Equal("\"menu\";r=9;t=60", response.Headers["RateLimit"].ToString());
    }

    [Fact]
    public void Key_contains_the_policy_and_the_seed_shaped_partition()
    {
        Assert.Equal("rate:menu:ip:127.0.0.1", Menu.Key("ip:127.0.0.1"));
    }
}
