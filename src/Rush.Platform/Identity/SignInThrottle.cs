using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Identity;

/// <summary>Counts failed sign-ins per account and per IP and refuses further attempts before any password is hashed (finding 1).</summary>
/// <remarks>
/// Why a separate limiter: ASP.NET Core authenticates before the rate limiter middleware runs, so the
/// route limits never see a request before its Basic header has cost a 100k-iteration PBKDF2. This
/// check runs inside the credential check, ahead of the hash. Only failures count, so a kitchen
/// tablet signing in all day is never throttled, and a correct pair already in the verified-pair
/// cache is not hashed and not blocked (an attacker guessing a cook's password cannot lock the cook
/// out of a running session). Counters live in Redis (<c>signin:fail:acct:{sha256(email)}</c>,
/// <c>signin:fail:ip:{ip}</c>, a fixed window from the first failure) so every instance shares them;
/// when Redis fails, this instance's own counts decide, which keeps the limit per instance rather
/// than dropping it.
/// </remarks>
public sealed class SignInThrottle(RedisConnection redis, IOptions<IdentityOptions> options) : IDisposable
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly RedisScript Failure = RedisScript.FromResource(typeof(SignInThrottle), "signin-failure.lua");
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    /// <summary>How long the caller must wait, or null when it may try (and pay for a hash).</summary>
    public async Task<TimeSpan?> BlockedForAsync(string email, IPAddress? from)
    {
        var (account, ip) = Keys(email, from);
        var settings = options.Value;
        try
        {
            var db = redis.Database;
            var accountCount = db.StringGetWithExpiryAsync(account);
            var ipCount = db.StringGetWithExpiryAsync(ip);
            await Task.WhenAll(accountCount, ipCount).WaitAsync(RedisTimeout);
            return Blocked(await accountCount, settings.SignInFailuresPerAccount) ?? Blocked(await ipCount, settings.SignInFailuresPerIp);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            return LocalBlocked(account, settings.SignInFailuresPerAccount) ?? LocalBlocked(ip, settings.SignInFailuresPerIp);
        }
    }

    /// <summary>Counts one failed attempt against the account and the address.</summary>
    public async Task RecordFailureAsync(string email, IPAddress? from)
    {
        var (account, ip) = Keys(email, from);
        var window = options.Value.SignInFailureWindow;
        CountLocally(account, window);
        CountLocally(ip, window);
        try
        {
            await Failure.EvaluateAsync(redis.Database, [account, ip], [(long)window.TotalMilliseconds]).WaitAsync(RedisTimeout);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            // Counted locally above; the limit holds on this instance.
        }
    }

    /// <summary>A correct password clears the account's failures (not the address's: one good account does not vouch for an IP).</summary>
    public async Task RecordSuccessAsync(string email)
    {
        var (account, _) = Keys(email, null);
        _local.Remove(account);
        try
        {
            await redis.Database.KeyDeleteAsync(account).WaitAsync(RedisTimeout);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            // The window ends on its own.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _local.Dispose();

    private static TimeSpan? Blocked(RedisValueWithExpiry counter, int limit) =>
        counter.Value.TryParse(out long count) && count >= limit ? counter.Expiry ?? TimeSpan.FromSeconds(1) : null;

    private TimeSpan? LocalBlocked(string key, int limit) =>
        _local.TryGetValue(key, out LocalCount? count) && count!.Value >= limit ? count.Until - DateTimeOffset.UtcNow : null;

    private void CountLocally(string key, TimeSpan window)
    {
        var count = _local.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = window;
            return new LocalCount(DateTimeOffset.UtcNow + window);
        })!;
        Interlocked.Increment(ref count.Value);
    }

    // The account key is a hash: a guessed email is never written to Redis in clear, and keys stay short.
    private static (string Account, string Ip) Keys(string email, IPAddress? from) => (
        "signin:fail:acct:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UserDirectory.NormalizeEmail(email))))[..32],
        "signin:fail:" + RatePartition.Ip(from));

    private sealed class LocalCount(DateTimeOffset until)
    {
        // A field so Interlocked can take it by reference.
        public int Value;

        public DateTimeOffset Until { get; } = until;
    }
}
