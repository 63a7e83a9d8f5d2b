using System.Security.Cryptography;
using System.Text;

namespace Rush.Platform.Identity;

/// <summary>API keys for tills: <c>rk_</c> + 32 random bytes (base64url); only their SHA-256 is stored.</summary>
/// <remarks>
/// Why SHA-256 and not PBKDF2 like passwords: key stretching exists because people choose guessable
/// passwords; a key with 256 bits from the OS's CSPRNG cannot be guessed or brute-forced from its
/// hash however fast the hash is. An unsalted, deterministic hash is also what lets a request's key
/// be found with one indexed lookup (<c>api_clients_key_hash</c>) instead of a PBKDF2 per stored key,
/// and it keeps every till request off the CPU-expensive path finding 1 is about.
/// </remarks>
public static class ApiKeys
{
    /// <summary>The header a till sends its key in (also gRPC metadata <c>x-api-key</c>).</summary>
    public const string Header = "X-Api-Key";

    private const string Prefix = "rk_";
    private static readonly System.Buffers.SearchValues<char> Base64Url =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>A new key; shown once, never stored.</summary>
    public static string New() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored and looked up.</summary>
    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The start of a key, enough to tell keys apart in a list.</summary>
    public static string Hint(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[..Math.Min(key.Length, Prefix.Length + 6)];
    }

    /// <summary>A plausible key (length and alphabet) worth a lookup; anything else is refused without touching the database.</summary>
    public static bool LooksValid(string? key) =>
        key is { Length: 46 } && key.StartsWith(Prefix, StringComparison.Ordinal)
        && key.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64Url) < 0;
}
