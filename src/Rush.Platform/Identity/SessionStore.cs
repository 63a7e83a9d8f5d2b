using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Rush.Platform.Redis;

namespace Rush.Platform.Identity;

/// <summary>Revocable bearer sessions in Redis (seed 003): <c>session:{id}</c> -> user, 24 h TTL.</summary>
/// <remarks>
/// The key's id is the SHA-256 of the token, not the token: whoever can read Redis (a replica, a dump)
/// still cannot act as the user. Revoking deletes the key, so the very next request is refused on
/// every instance; nothing is cached in-process. The role is kept with the session: a changed role
/// applies from the user's next sign-in (revoke the sessions to make it immediate).
/// </remarks>
public sealed class SessionStore(RedisConnection redis, IOptions<IdentityOptions> options)
{
    /// <summary>A new session's token and when it lapses.</summary>
    public sealed record IssuedSession(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Starts a session for <paramref name="user"/>.</summary>
    public async Task<IssuedSession> StartAsync(UserIdentity user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = Base64UrlToken(RandomNumberGenerator.GetBytes(32));
        var ttl = options.Value.SessionTtl;
        await redis.Database.StringSetAsync(Key(token), string.Create(CultureInfo.InvariantCulture, $"{user.Id}:{user.Role}:{user.Email}"), ttl);
        return new IssuedSession(token, now + ttl);
    }

    /// <summary>The session's user, or null when the token is unknown, expired, revoked or from before roles existed.</summary>
    public async Task<UserIdentity?> FindAsync(string token)
    {
        var value = (string?)await redis.Database.StringGetAsync(Key(token));
        var parts = value?.Split(':', 3);
        return parts is { Length: 3 } && RushRoles.IsUserRole(parts[1])
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new UserIdentity(id, parts[2], parts[1])
            : null;
    }

    /// <summary>Ends the session at once; true when it existed.</summary>
    public Task<bool> RevokeAsync(string token) => redis.Database.KeyDeleteAsync(Key(token));

    /// <summary>The Redis key of a token.</summary>
    public static string Key(string token) =>
        "session:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
