using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Rush.Platform.Identity;

/// <summary>Checks an email/password pair against the stored PBKDF2 hash, remembering good pairs briefly.</summary>
/// <remarks>
/// The cache key is a SHA-256 of the pair, never the password itself, and only successes are cached
/// (a wrong password always costs a full hash, which is what slows guessing down). Concurrent first
/// logins with the same pair share one verification instead of hashing once each. Before any hash,
/// <see cref="SignInThrottle"/> refuses accounts and addresses that failed too often (finding 1); an
/// unknown email is hashed against a dummy so it costs the same as a known one (no timing oracle
/// telling an attacker which emails exist).
/// </remarks>
public sealed class CredentialVerifier(UserDirectory users, SignInThrottle throttle, IOptions<IdentityOptions> options) : IDisposable
{
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly ConcurrentDictionary<string, Lazy<Task<UserIdentity?>>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lazy<string> _dummyHash = new(() => PasswordHasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), options.Value.PasswordIterations));
    private long _hashes;

    /// <summary>PBKDF2 verifications this instance ran (the CPU an attacker can make us spend).</summary>
    public long HashesComputed => Interlocked.Read(ref _hashes);

    /// <summary>The user when the pair is right; a refusal, or a throttle with its wait, otherwise.</summary>
    public async Task<CredentialCheck> VerifyAsync(string email, string password, IPAddress? from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(password);
        var key = CacheKey(email, password);
        if (_verified.TryGetValue(key, out UserIdentity? known))
        {
            return new CredentialCheck(known, null);
        }

        if (await throttle.BlockedForAsync(email, from) is { } wait)
        {
            return new CredentialCheck(null, wait);
        }

        var flight = _inFlight.GetOrAdd(key, k => new Lazy<Task<UserIdentity?>>(() => VerifyUncachedAsync(k, email, password, from)));
        try
        {
            return new CredentialCheck(await flight.Value.WaitAsync(ct), null);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<UserIdentity?>>>(key, flight));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _verified.Dispose();

    // Not cancellable on purpose: other callers may be waiting on the same verification.
    private async Task<UserIdentity?> VerifyUncachedAsync(string key, string email, string password, IPAddress? from)
    {
        var user = await users.FindAsync(email, CancellationToken.None);
        var matches = await Task.Run(() =>
        {
            Interlocked.Increment(ref _hashes);
            var right = PasswordHasher.Verify(password, user?.PasswordHash ?? _dummyHash.Value);
            return right && user is not null;
        });
        if (!matches)
        {
            await throttle.RecordFailureAsync(email, from);
            return null;
        }

        await throttle.RecordSuccessAsync(email);
        var iterations = options.Value.PasswordIterations;
        if (PasswordHasher.NeedsRehash(user!.PasswordHash, iterations))
        {
            await users.UpdateHashAsync(user.Id, PasswordHasher.Hash(password, iterations), CancellationToken.None);
        }

        var identity = new UserIdentity(user.Id, user.Email, user.Role);
        _verified.Set(key, identity, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.VerifiedCredentialTtl });
        return identity;
    }

    private static string CacheKey(string email, string password) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(UserDirectory.NormalizeEmail(email) + "\0" + password)));
}
