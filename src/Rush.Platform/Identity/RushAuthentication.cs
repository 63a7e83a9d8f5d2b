using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;

namespace Rush.Platform.Identity;

/// <summary>
/// One scheme for every way in: <c>Basic email:password</c> (seed 002), <c>Bearer token</c> (sessions),
/// <c>X-Api-Key</c> (tills; also gRPC metadata) and the screens' session cookie.
/// </summary>
/// <remarks>
/// One handler answers all of them, so endpoints only say <c>RequireAuthorization(policy)</c>.
/// Refusals are problem details with a <c>WWW-Authenticate</c> that offers Basic and Bearer; a sign-in
/// refused because of too many failures (finding 1) is a 429 with <c>Retry-After</c>.
/// </remarks>
public sealed class RushAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CredentialVerifier credentials, SessionStore sessions, ApiClientDirectory clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Rush";

    /// <summary>Claim holding the bearer token of the current session (to revoke it).</summary>
    public const string SessionTokenClaim = RushClaims.Session;

    private static readonly object ThrottledKey = new();

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

            var check = await credentials.VerifyAsync(email, password, Context.Connection.RemoteIpAddress, Context.RequestAborted);
            if (check.RetryAfter is { } wait)
            {
                Context.Items[ThrottledKey] = wait;
                return AuthenticateResult.Fail("Too many failed sign-ins.");
            }

            return check.User is null ? AuthenticateResult.Fail("Wrong email or password.") : Success(check.User, session: null);
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await SessionAsync(header[7..].Trim());
        }

        if (Request.Headers.TryGetValue(ApiKeys.Header, out var keys))
        {
            var client = keys.Count == 1 ? await clients.FindAsync(keys.ToString(), Context.RequestAborted) : null;
            return client is null ? AuthenticateResult.Fail("Unknown or revoked API key.") : Success(client);
        }

        return Request.Cookies.TryGetValue(SessionCookie.Name, out var cookie) ? await SessionAsync(cookie) : AuthenticateResult.NoResult();
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsGrpc)
        {
            // gRPC clients read a status, not a problem body: UNAUTHENTICATED (16), or RESOURCE_EXHAUSTED (8) when throttled.
            return GrpcRefusalAsync(Context.Items[ThrottledKey] is TimeSpan ? 8 : 16, "Send a valid x-api-key (or authorization) metadata.");
        }

        if (Context.Items[ThrottledKey] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problem.Result(Context, 429, "sign_in_throttled", "Too many failed sign-ins for this account or address; wait and try again.")
                .ExecuteAsync(Context);
        }

        Response.Headers.WWWAuthenticate = "Basic realm=\"rush\", charset=\"UTF-8\", Bearer realm=\"rush\"";
        var failed = Request.Headers.Authorization.Count > 0 || Request.Headers.ContainsKey(ApiKeys.Header);
        return Problem.Result(Context, 401, failed ? "invalid_credentials" : "authentication_required",
            failed ? "The credentials are wrong, expired or revoked." : "Sign in with Basic email:password, a Bearer session token or an X-Api-Key.")
            .ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => IsGrpc
        ? GrpcRefusalAsync(7, "Your role may not do this.")
        : Problem.Result(Context, 403, "forbidden", "Your role may not do this.").ExecuteAsync(Context);

    private bool IsGrpc => Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    // A "trailers-only" gRPC answer: HTTP 200 whose headers carry the status, no message.
    private Task GrpcRefusalAsync(int status, string message)
    {
        Response.StatusCode = StatusCodes.Status200OK;
        Response.ContentType = "application/grpc";
        Response.Headers["grpc-status"] = status.ToString(CultureInfo.InvariantCulture);
        Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }

    /// <summary>The signed-in user of <paramref name="principal"/>, or null (anonymous, or an API client).</summary>
    public static UserIdentity? UserOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? new UserIdentity(userId, principal.Identity?.Name ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? RushRoles.Customer)
            : null;
    }

    private async Task<AuthenticateResult> SessionAsync(string token)
    {
        var user = token.Length is > 0 and <= 256 ? await sessions.FindAsync(token) : null;
        return user is null ? AuthenticateResult.Fail("Unknown, expired or revoked session.") : Success(user, token);
    }

    private static AuthenticateResult Success(UserIdentity user, string? session)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Email),
            new(ClaimTypes.Role, user.Role),
        };
        if (session is not null)
        {
            claims.Add(new Claim(RushClaims.Session, session));
        }

        return Ticket(claims);
    }

    // A till has no user id: UserOf is null for it, so nothing that belongs to a user (bookings) is reachable with a key.
    private static AuthenticateResult Success(ApiClient client) => Ticket(
    [
        new(ClaimTypes.Name, "till:" + client.Name),
        new(ClaimTypes.Role, RushRoles.Till),
        new(RushClaims.Client, client.ClientId),
    ]);

    private static AuthenticateResult Ticket(List<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

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
