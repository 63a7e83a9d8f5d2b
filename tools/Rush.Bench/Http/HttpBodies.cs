using System.Buffers;

namespace Rush.Bench.Http;

/// <summary>Reading answers without keeping them.</summary>
internal static class HttpBodies
{
    /// <summary>Reads the body to its end (so the connection is reusable and trailers arrive) and discards it.</summary>
    public static async ValueTask DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Describes a failed send for the error tally.</summary>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var inner = e.InnerException is { } i && i.Message != e.Message ? $" ({i.Message})" : "";
        return $"{e.GetType().Name}: {e.Message}{inner}";
    }

    /// <summary>First <paramref name="max"/> characters of a text, on one line.</summary>
    public static string Excerpt(string text, int max = 300)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max), "…");
    }
}
