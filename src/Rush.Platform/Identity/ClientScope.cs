using System.Security.Claims;

namespace Rush.Platform.Identity;

/// <summary>
/// Whose namespace a request's idempotency keys (and client rate limits) live in: the API client
/// (<c>client:{id}</c> from the <see cref="ClientClaim"/> a till's API key carries), else the
/// signed-in user (<c>user:{id}</c>), else <see cref="Anonymous"/>.
/// </summary>
public static class ClientScope
{
    /// <summary>Claim an API key's principal carries with its client id.</summary>
    public const string ClientClaim = "rush:client";

    /// <summary>The scope of every request that is neither an API client nor signed in.</summary>
    public const string Anonymous = "anon";

    /// <summary>The scope of <paramref name="principal"/>.</summary>
    public static string Of(ClaimsPrincipal? principal)
    {
        if (principal?.FindFirstValue(ClientClaim) is { Length: > 0 } client)
        {
            return "client:" + Escape(client);
        }

        return principal is not null && RushAuthentication.UserOf(principal) is { } user
            ? "user:" + user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Anonymous;
    }

    // Scopes are joined with keys by ':' in Redis keys; a ':' inside a client id must not make two
    // (scope, key) pairs spell the same key.
    private static string Escape(string clientId) =>
        clientId.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
}
