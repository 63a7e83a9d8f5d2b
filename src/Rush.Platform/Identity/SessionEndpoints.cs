using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Identity;

/// <summary>Sessions API (seed 003): sign in for a token, see who you are, revoke the token.</summary>
public static class SessionEndpoints
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Maps <c>/api/v1/sessions</c>.</summary>
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/sessions", StartAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Sessions").WithSummary("Sign in: a revocable bearer token.").Accepts<SignInRequest>("application/json").Produces<SessionResponse>(StatusCodes.Status201Created)
            .ProducesProblemCodes(400, "invalid_json", "invalid_credentials_format").ProducesProblemCodes(401, "invalid_credentials").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        endpoints.MapGet("/api/v1/sessions/current", Current).RequireAuthorization()
            .WithTags("Sessions").Produces<CurrentUser>().Produces(StatusCodes.Status401Unauthorized);
        endpoints.MapDelete("/api/v1/sessions/current", RevokeAsync).RequireAuthorization()
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

        if (string.IsNullOrWhiteSpace(request!.Email) || !new EmailAddressAttribute().IsValid(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Problem.Result(context, 400, "invalid_credentials_format", "Send {\"email\": \"...\", \"password\": \"...\"} with a valid email.");
        }

        var user = await credentials.VerifyAsync(request.Email, request.Password, context.RequestAborted);
        if (user is null)
        {
            return Problem.Result(context, 401, "invalid_credentials", "Wrong email or password.");
        }

        var session = await sessions.StartAsync(user, clock.GetUtcNow());
        return Results.Json(new SessionResponse(session.Token, "Bearer", session.ExpiresAt, user.Id, user.Email),
            IdentityJson.Default.SessionResponse, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Current(HttpContext context)
    {
        var user = RushAuthentication.UserOf(context.User)!;
        return Results.Json(new CurrentUser(user.Id, user.Email, context.User.HasClaim(c => c.Type == RushAuthentication.SessionTokenClaim) ? "session" : "basic"),
            IdentityJson.Default.CurrentUser);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, SessionStore sessions)
    {
        var token = context.User.FindFirst(RushAuthentication.SessionTokenClaim)?.Value;
        if (token is null)
        {
            return Problem.Result(context, 400, "not_a_session", "This request was not made with a session token; there is nothing to revoke.");
        }

        await sessions.RevokeAsync(token);
        return Results.NoContent();
    }
}

/// <summary>Body of <c>POST /api/v1/sessions</c>.</summary>
public sealed record SignInRequest(string? Email, string? Password);

/// <summary>A started session.</summary>
public sealed record SessionResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, long UserId, string Email);

/// <summary>Who the caller is and how they signed in (<c>basic</c> or <c>session</c>).</summary>
public sealed record CurrentUser(long UserId, string Email, string Via);
