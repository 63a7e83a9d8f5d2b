using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Identity;

/// <summary>Sessions API (seed 003): sign in for a token (or the screens' cookie), see who you are, revoke it.</summary>
public static class SessionEndpoints
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Maps <c>/api/v1/sessions</c>.</summary>
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder endpoints)
    {
        // Anyone may try to sign in: that is what the route is for. Failures are limited per account and
        // per address before any hashing (SignInThrottle), on top of the per-IP route limit.
        endpoints.MapPost("/api/v1/sessions", StartAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Sessions").WithSummary("Sign in: a revocable bearer token.").Accepts<SignInRequest>("application/json").Produces<SessionResponse>(StatusCodes.Status201Created)
            .ProducesProblemCodes(400, "invalid_json", "invalid_credentials_format").ProducesProblemCodes(401, "invalid_credentials").ProducesProblemCodes(429, "sign_in_throttled").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");

        // Any signed-in caller, limited per caller like the other authenticated routes (finding 1).
        endpoints.MapGet("/api/v1/sessions/current", Current).RequireAuthorization().RequireRateLimiting(RatePolicyNames.Intake)
            .WithTags("Sessions").Produces<CurrentUser>().Produces(StatusCodes.Status401Unauthorized).ProducesProblemCodes(400, "not_a_user");
        endpoints.MapDelete("/api/v1/sessions/current", RevokeAsync).RequireAuthorization().RequireRateLimiting(RatePolicyNames.Intake)
            .WithTags("Sessions").Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status401Unauthorized).ProducesProblemCodes(400, "not_a_session");
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, CredentialVerifier credentials, SessionStore sessions, TimeProvider clock)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, IdentityJson.Default.SignInRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request!.Email) || !new EmailAddressAttribute().IsValid(request.Email) || string.IsNullOrEmpty(request.Password)
            || request.Email.Length > 320 || request.Password.Length > 1024)
        {
            return Problem.Result(context, 400, "invalid_credentials_format", "Send {\"email\": \"...\", \"password\": \"...\"} with a valid email.");
        }

        var check = await credentials.VerifyAsync(request.Email, request.Password, context.Connection.RemoteIpAddress, context.RequestAborted);
        if (check.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problem.Result(context, 429, "sign_in_throttled", "Too many failed sign-ins for this account or address; wait and try again.");
        }

        if (check.User is not { } user)
        {
            return Problem.Result(context, 401, "invalid_credentials", "Wrong email or password.");
        }

        var session = await sessions.StartAsync(user, clock.GetUtcNow());
        if (request.Cookie == true)
        {
            // The screens: the token goes only into the HttpOnly cookie, never to the page's scripts.
            SessionCookie.Append(context, session.Token, session.ExpiresAt);
            return Results.Json(new SessionResponse(null, "Cookie", session.ExpiresAt, user.Id, user.Email, user.Role),
                IdentityJson.Default.SessionResponse, statusCode: StatusCodes.Status201Created);
        }

        return Results.Json(new SessionResponse(session.Token, "Bearer", session.ExpiresAt, user.Id, user.Email, user.Role),
            IdentityJson.Default.SessionResponse, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Current(HttpContext context)
    {
        if (RushAuthentication.UserOf(context.User) is not { } user)
        {
            return Problem.Result(context, 400, "not_a_user", "API clients have no user session.");
        }

        var via = context.User.HasClaim(c => c.Type == RushClaims.Session)
            ? context.Request.Headers.Authorization.Count > 0 ? "session" : "cookie"
            : "basic";
        return Results.Json(new CurrentUser(user.Id, user.Email, via, user.Role), IdentityJson.Default.CurrentUser);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, SessionStore sessions)
    {
        var token = context.User.FindFirst(RushClaims.Session)?.Value;
        if (token is null)
        {
            return Problem.Result(context, 400, "not_a_session", "This request was not made with a session token; there is nothing to revoke.");
        }

        await sessions.RevokeAsync(token);
        SessionCookie.Delete(context);
        return Results.NoContent();
    }
}

/// <summary>Body of <c>POST /api/v1/sessions</c>; <c>cookie: true</c> (the screens) sets the session cookie instead of returning the token.</summary>
public sealed record SignInRequest(string? Email, string? Password, bool? Cookie = null);

/// <summary>A started session (<see cref="Token"/> is null when it went into the cookie).</summary>
public sealed record SessionResponse([property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Token, string TokenType, DateTimeOffset ExpiresAt, long UserId, string Email, string Role);

/// <summary>Who the caller is and how they signed in (<c>basic</c>, <c>session</c> or <c>cookie</c>).</summary>
public sealed record CurrentUser(long UserId, string Email, string Via, string Role);
