using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Identity;

/// <summary>Sign-in settings (section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>PBKDF2 iterations for new hashes; older hashes are upgraded on the next successful sign-in.</summary>
    [Range(10_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 100_000;

    /// <summary>
    /// How long a verified email/password pair is trusted without hashing again. Basic Auth sends the
    /// password with every request; without this, 50,000 logins a minute would be all PBKDF2. A password
    /// change takes effect for cached pairs after at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan VerifiedCredentialTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lifetime of a session token (seed 003: 24 h).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Failed sign-ins per account within <see cref="SignInFailureWindow"/> before the account is refused without hashing.</summary>
    [Range(1, 10_000)]
    public int SignInFailuresPerAccount { get; set; } = 10;

    /// <summary>Failed sign-ins per client IP within <see cref="SignInFailureWindow"/> (bounds the PBKDF2 work one address can cause).</summary>
    [Range(1, 1_000_000)]
    public int SignInFailuresPerIp { get; set; } = 100;

    /// <summary>How long failures count, from the first one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an API key lookup (hit or miss) is remembered in-process. A revoked key keeps working on
    /// other instances for at most this long (the instance that revokes forgets it at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ApiKeyCacheTtl { get; set; } = TimeSpan.FromSeconds(10);
}
