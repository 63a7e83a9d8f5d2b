using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Http;

/// <summary>Reads a size-limited request body as bytes (when the exact bytes matter, e.g. to check a signature).</summary>
public static class RawBody
{
    /// <summary>The body, or a 413 problem when it is larger than <paramref name="maxBytes"/> (checked while reading, as <see cref="JsonBody"/>).</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpContext context, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(context, maxBytes));
        }

        try
        {
            await using var limited = new LimitedReadStream(context.Request.Body, maxBytes);
            using var buffer = new MemoryStream();
            await limited.CopyToAsync(buffer, ct);
            return (buffer.ToArray(), null);
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            return (null, TooLarge(context, maxBytes));
        }
    }

    private static IResult TooLarge(HttpContext context, long maxBytes) =>
        Problem.Result(context, 413, "payload_too_large", $"The body is larger than {maxBytes} bytes.");
}
