using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Identity;

/// <summary>The screens' sign-in cookie: a session token (SessionStore), HttpOnly, SameSite=Strict, Secure on HTTPS.</summary>
/// <remarks>
/// HttpOnly keeps the token away from page scripts (an injected script cannot steal it); Strict means
/// no other site can make a signed-in tablet send a request (the CSRF defence for the cookie's POSTs,
/// PUTs and WebSocket upgrades, with the Origin check on the latter). Secure is set whenever the
/// request arrived over HTTPS, including through a proxy when forwarded headers are configured
/// (README "Security"); plain HTTP is only for a developer's loopback.
/// </remarks>
public static class SessionCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "rush_session";

    /// <summary>Sets the cookie to <paramref name="token"/> until <paramref name="expires"/>.</summary>
    public static void Append(HttpContext context, string token, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Name, token, Options(context, expires));
    }

    /// <summary>Removes the cookie.</summary>
    public static void Delete(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(Name, Options(context, null));
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
