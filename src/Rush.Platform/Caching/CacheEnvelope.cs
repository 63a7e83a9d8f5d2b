using System.Buffers.Text;
using System.Text;

namespace Rush.Platform.Caching;

/// <summary>A cached value as stored in Redis: its logical expiry and its JSON, as <c>{expiresAtUnixMs}|{json}</c>.</summary>
/// <remarks>
/// The logical expiry travels with the value because the key lives longer than its freshness
/// (physical TTL = duration + fail-safe window): a reader tells fresh from stale by this number, and
/// an invalidation (cache-expire.lua) rewrites only the number, keeping the value as a fallback. Text,
/// not binary, so Lua can rewrite it and <c>redis-cli GET</c> shows it.
/// </remarks>
/// <param name="ExpiresAt">When the value stops being fresh.</param>
/// <param name="Json">The value, UTF-8 JSON.</param>
public sealed record CacheEnvelope(DateTimeOffset ExpiresAt, ReadOnlyMemory<byte> Json)
{
    private const byte Separator = (byte)'|';

    /// <summary>True while the value is fresh at <paramref name="now"/>.</summary>
    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>The bytes stored in Redis.</summary>
    public byte[] Encode()
    {
        var expiry = ExpiresAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = new byte[expiry.Length + 1 + Json.Length];
        Encoding.ASCII.GetBytes(expiry, bytes);
        bytes[expiry.Length] = Separator;
        Json.Span.CopyTo(bytes.AsSpan(expiry.Length + 1));
        return bytes;
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; null for anything else (a foreign or damaged value is a miss, not an error).</summary>
    public static CacheEnvelope? Decode(byte[]? stored)
    {
        if (stored is null)
        {
            return null;
        }

        var separator = Array.IndexOf(stored, Separator);
        if (separator <= 0 || !Utf8Parser.TryParse(stored.AsSpan(0, separator), out long expiresAtMs, out var consumed) || consumed != separator)
        {
            return null;
        }

        return new CacheEnvelope(DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs), stored.AsMemory(separator + 1));
    }
}
