using System.Globalization;
using System.Security.Claims;

namespace Rush.Platform.Identity;

/// <summary>Rush's own claim types and the caller's "client scope" shared by idempotency and rate limits.</summary>
public static class RushClaims
{
    /// <summary>The API client id of a till (<see cref="ApiClient.ClientId"/>).</summary>
    public const string Client = "rush:client";

    /// <summary>The bearer token of the current session (to revoke it).</summary>
    public const string Session = "rush:session";

    /// <summary>
    /// Whose request this is for idempotency keys and quotas: <c>client:{id}</c> for a till,
    /// <c>user:{id}</c> for a signed-in user, else <c>anon</c>.
    /// </summary>
    public static string ScopeOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(Client) is { Length: > 0 } client)
        {
            return "client:" + client;
        }

        return long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            ? "user:" + user.ToString(CultureInfo.InvariantCulture)
            : "anon";
    }
}
