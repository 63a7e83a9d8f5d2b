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
}
