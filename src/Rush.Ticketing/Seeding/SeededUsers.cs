using System.Globalization;
using Rush.Platform.Identity;

namespace Rush.Ticketing.Seeding;

/// <summary>The test accounts of <c>seed</c>: user N signs in as <c>user{N}@rush.local</c> with <c>password{N}</c>.</summary>
/// <remarks>
/// Hashing a million distinct passwords at the production PBKDF2 cost (100,000 iterations, ~30 ms each) would
/// take hours, so seeded hashes use <see cref="Iterations"/> — still the real <c>pbkdf2-sha256$iter$salt$hash</c>
/// format with a random salt per user. The passwords are published in the README, so a stronger hash would
/// protect nothing; what matters is that the login path is the real one: the first successful sign-in
/// re-hashes at the configured count (<see cref="PasswordHasher.NeedsRehash"/> in <see cref="CredentialVerifier"/>).
/// </remarks>
public static class SeededUsers
{
    /// <summary>PBKDF2 iterations of seeded hashes (upgraded on first sign-in).</summary>
    public const int Iterations = 1;

    /// <summary>Domain of the seeded emails.</summary>
    public const string Domain = "rush.local";

    /// <summary>The email of seeded user <paramref name="n"/> (1-based).</summary>
    public static string Email(long n) => string.Create(CultureInfo.InvariantCulture, $"user{n}@{Domain}");

    /// <summary>The password of seeded user <paramref name="n"/>.</summary>
    public static string Password(long n) => string.Create(CultureInfo.InvariantCulture, $"password{n}");

    /// <summary>A fresh hash of user <paramref name="n"/>'s password.</summary>
    public static string Hash(long n) => PasswordHasher.Hash(Password(n), Iterations);
}
