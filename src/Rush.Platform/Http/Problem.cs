using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Http;

/// <summary>RFC 7807 problem answers with a machine-readable <c>code</c> and the request's trace id.</summary>
public static class Problem
{
    /// <summary>A problem result: <paramref name="code"/> is stable for clients, <paramref name="detail"/> is for humans.</summary>
    public static IResult Result(HttpContext context, int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["code"] = code,
            ["traceId"] = TraceId(context),
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                extensions[key] = value;
            }
        }

        return Results.Problem(
            detail: detail,
            statusCode: status,
            title: Title(status),
            type: $"https://rush.dev/problems/{code}",
            extensions: extensions);
    }

    /// <summary>The request's trace id (W3C id of the request activity): in problem bodies and in the request log line.</summary>
    public static string TraceId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Activity.Current?.Id ?? context.TraceIdentifier;
    }

    /// <summary>The code of an answer the framework wrote without one (binding failures, unknown routes).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "authentication_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        _ => status >= 500 ? "internal_error" : "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        419 => "Conflict (seat taken)",
        422 => "Unprocessable entity",
        429 => "Too many requests",
        502 => "Bad gateway",
        503 => "Service unavailable",
        _ => "Error",
    };
}
