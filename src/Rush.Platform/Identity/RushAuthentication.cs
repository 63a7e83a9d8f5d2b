using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;

namespace Rush.Platform.Identity;

/// <summary>One scheme for both ways in: <c>Basic email:password</c> (seed 002) and <c>Bearer token</c> (sessions).</summary>
/// <remarks>
/// A bearer token is accepted wherever Basic Auth is, so one handler answers both and endpoints only
/// say <c>RequireAuthorization()</c>. Refusals are problem details with a <c>WWW-Authenticate</c> that
/// offers both schemes.
/// </remarks>
public sealed class RushAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CredentialVerifier credentials, SessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Rush";

    /// <summary>Claim holding the bearer token of the current session (to revoke it).</summary>
    public const string SessionTokenClaim = "rush:session";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDecodeBasic(header.AsSpan(6).Trim(), out var email, out var password))
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }

            var user = await credentials.VerifyAsync(email, password, Context.RequestAborted);
            return user is null ? AuthenticateResult.Fail("Wrong email or password.") : Success(user, session: null);
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            var user = token.Length is > 0 and <= 256 ? await sessions.FindAsync(token) : null;
            return user is null ? AuthenticateResult.Fail("Unknown, expired or revoked session.") : Success(user, token);
        }

        return AuthenticateResult.NoResult();
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"rush\", charset=\"UTF-8\", Bearer realm=\"rush\"";
        var failed = Request.Headers.Authorization.Count > 0;
        return Problem.Result(Context, 401, failed ? "invalid_credentials" : "authentication_required",
            failed ? "The credentials are wrong, expired or revoked." : "Sign in with Basic email:password or a Bearer session token.")
            .ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem.Result(Context, 403, "forbidden", "You may not do this.").ExecuteAsync(Context);

    /// <summary>The signed-in user of <paramref name="principal"/>, or null.</summary>
    public static UserIdentity? UserOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return long.TryParse(id, out var userId) ? new UserIdentity(userId, principal.Identity?.Name ?? "") : null;
    }

    private static AuthenticateResult Success(UserIdentity user, string? session)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Email),
        };
        if (session is not null)
        {
            claims.Add(new Claim(SessionTokenClaim, session));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private static bool TryDecodeBasic(ReadOnlySpan<char> encoded, out string email, out string password)
    {
        email = password = "";
        Span<byte> bytes = stackalloc byte[Math.Min(encoded.Length, 1024)];
        if (encoded.Length > 1024 || !Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            return false;
        }

        // RFC 7617: we ask for UTF-8 (charset in the challenge), but clients that ignore it send ISO-8859-1;
        // bytes that are not valid UTF-8 are read as that, so "ü" in an email works either way.
        var raw = bytes[..written];
        var text = System.Text.Unicode.Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw);
        // Split on the first colon: an email has none, a password may have several.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        email = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
