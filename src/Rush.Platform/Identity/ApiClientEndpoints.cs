using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Identity;

/// <summary><c>/api/v1/api-clients</c>: operators create (key shown once), list and revoke till keys.</summary>
public static class ApiClientEndpoints
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Maps the routes; operators only.</summary>
    public static IEndpointRouteBuilder MapApiClients(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/api-clients").RequireAuthorization(RushPolicies.Operator).RequireRateLimiting(RatePolicyNames.Intake);
        group.MapPost("", CreateAsync);
        group.MapGet("", async (ApiClientDirectory clients, CancellationToken ct) =>
            Results.Json((await clients.ListAsync(ct)).ToList(), IdentityJson.Default.ListApiClient));
        group.MapDelete("/{id}", RevokeAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiClientDirectory clients)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, IdentityJson.Default.NewApiClientRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return Problem.Result(context, 400, "invalid_name", "Send {\"name\": \"...\"} with 1 to 64 characters, e.g. \"till-front\".");
        }

        var (client, key) = await clients.CreateAsync(name, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new NewApiClient(client.Id, client.Name, client.KeyPrefix, client.CreatedAt, key),
            IdentityJson.Default.NewApiClient, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string id, ApiClientDirectory clients)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var clientId))
        {
            return Problem.Result(context, 400, "invalid_id", "The API client id is a positive integer.");
        }

        return await clients.RevokeAsync(clientId, context.RequestAborted)
            ? Results.NoContent()
            : Problem.Result(context, 404, "api_client_not_found", $"There is no active API client {clientId}.");
    }
}

/// <summary>Body of <c>POST /api/v1/api-clients</c>.</summary>
public sealed record NewApiClientRequest(string? Name);

/// <summary>A created client with its key: the only time the key is shown.</summary>
public sealed record NewApiClient(long Id, string Name, string KeyPrefix, DateTimeOffset CreatedAt, string ApiKey);
