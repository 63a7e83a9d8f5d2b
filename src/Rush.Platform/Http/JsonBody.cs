using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Http;

/// <summary>Reads a size-limited JSON request body, turning every way it can be wrong into a problem.</summary>
public static class JsonBody
{
    /// <summary>
    /// Returns the body or a problem: 415 when not JSON, 413 when larger than <paramref name="maxBytes"/>
    /// (checked while reading, so a lying or missing Content-Length does not help), 400 when malformed.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, long maxBytes, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problem.Result(context, 415, "unsupported_media_type", "Send the body as application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(context, maxBytes));
        }

        try
        {
            await using var limited = new LimitedReadStream(request.Body, maxBytes);
            var value = await JsonSerializer.DeserializeAsync(limited, type, ct);
            return value is null
                ? (null, Problem.Result(context, 400, "invalid_json", "The body must be a JSON object."))
                : (value, null);
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            return (null, TooLarge(context, maxBytes));
        }
        catch (JsonException e)
        {
            return (null, Problem.Result(context, 400, "invalid_json", $"The body is not valid JSON for this request: {e.Message}"));
        }
    }

    private static IResult TooLarge(HttpContext context, long maxBytes) =>
        Problem.Result(context, 413, "payload_too_large", $"The body is larger than {maxBytes} bytes.");
}
