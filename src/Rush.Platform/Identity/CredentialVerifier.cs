using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Rush.Platform.Identity;

/// <summary>Checks an email/password pair against the stored PBKDF2 hash, remembering good pairs briefly.</summary>
/// <remarks>
/// The cache key is a SHA-256 of the pair, never the password itself, and only successes are cached
/// (a wrong password always costs a full hash, which is what slows guessing down). Concurrent first
/// logins with the same pair share one verification instead of hashing once each.
/// </remarks>
public sealed class CredentialVerifier(UserDirectory users, IOptions<IdentityOptions> options) : IDisposable
{
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly ConcurrentDictionary<string, Lazy<Task<UserIdentity?>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The user when the pair is right, otherwise null.</summary>
    public async Task<UserIdentity?> VerifyAsync(string email, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(password);
        var key = CacheKey(email, password);
        if (_verified.TryGetValue(key, out UserIdentity? known))
        {
            return known;
        }

        var flight = _inFlight.GetOrAdd(key, k => new Lazy<Task<UserIdentity?>>(() => VerifyUncachedAsync(k, email, password)));
        try
        {
            return await flight.Value.WaitAsync(ct);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<UserIdentity?>>>(key, flight));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _verified.Dispose();

    // Not cancellable on purpose: other callers may be waiting on the same verification.
    private async Task<UserIdentity?> VerifyUncachedAsync(string key, string email, string password)
    {
        var user = await users.FindAsync(email, CancellationToken.None);
        if (user is null || !await Task.Run(() => PasswordHasher.Verify(password, user.PasswordHash)))
        {
            return null;
        }

        var iterations = options.Value.PasswordIterations;
        if (PasswordHasher.NeedsRehash(user.PasswordHash, iterations))
        {
            await users.UpdateHashAsync(user.Id, PasswordHasher.Hash(password, iterations), CancellationToken.None);
        }

        var identity = new UserIdentity(user.Id, user.Email);
        _verified.Set(key, identity, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.VerifiedCredentialTtl });
        return identity;
    }

    private static string CacheKey(string email, string password) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(UserDirectory.NormalizeEmail(email) + "\0" + password)));
}
