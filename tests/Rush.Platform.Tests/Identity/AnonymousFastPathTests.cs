using Microsoft.AspNetCore.Http;
using Rush.Platform.Identity;

namespace Rush.Platform.Tests.Identity;

/// <summary>Which requests skip the authentication handler (nothing for it to read) and which run it.</summary>
public sealed class AnonymousFastPathTests
{
    [Theory]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz")]
    [InlineData("Authorization", "Bearer abc")]
    [InlineData("X-Api-Key", "rk_whatever")]
    [InlineData("Cookie", "theme=dark; rush_session=abc")]
    public void A_request_with_credentials_is_authenticated(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;

        Assert.True(IdentityModule.HasCredentials(context));
    }

    [Fact]
    public void A_request_without_credentials_skips_the_handler()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "theme=dark";
        context.Request.Headers.Accept = "application/json";

        Assert.False(IdentityModule.HasCredentials(context));
    }
}
