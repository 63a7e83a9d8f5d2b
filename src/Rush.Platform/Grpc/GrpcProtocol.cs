using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Grpc;

/// <summary>
/// Wire-level pieces of gRPC over HTTP/2 (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
/// </summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";

    /// <summary>Length of a message frame header: compressed flag (1 byte) and big-endian length (4 bytes).</summary>
    public const int FrameHeaderLength = 5;

    /// <summary>The longest timeout a CancellationTokenSource timer takes; longer deadlines are not timed.</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly string[] StatusStrings = CreateStatusStrings();

    public static string StatusString(GrpcStatusCode status)
    {
        var index = (int)status;
        return (uint)index < (uint)StatusStrings.Length ? StatusStrings[index] : index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c>, with or without parameters.
    /// Other sub-types (<c>+json</c>, gRPC-Web's <c>application/grpc-web</c>) are not protobuf-over-HTTP/2 and are refused.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(ContentType.Length);
        if (rest.StartsWith("+proto", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["+proto".Length..];
        }

        return rest.IsEmpty || rest[0] == ';' || rest[0] == ' ';
    }

    /// <summary>
    /// Parses a <c>grpc-timeout</c> value: 1 to 8 ASCII digits followed by one unit of H, M, S, m, u or n.
    /// Nanosecond values are truncated to whole 100 ns ticks, so <c>1n</c> is an already-expired deadline.
    /// </summary>
    public static bool TryParseTimeout(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        long amount = 0;
        var digits = value[..^1];
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // 99_999_999 hours is 3.6e18 ticks: below long.MaxValue, so no unit overflows.
        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * TimeSpan.TicksPerMicrosecond; break;
            case 'n': ticks = amount / TimeSpan.NanosecondsPerTick; break;
            default: return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Percent-encodes a status message for <c>grpc-message</c>: the UTF-8 bytes outside 0x20-0x7E, and '%', become %XX.
    /// </summary>
    public static string PercentEncode(string message)
    {
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }

        if (!needsEncoding)
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Answers requests that are not gRPC at the HTTP level, as grpc-dotnet does: a content type other than
    /// application/grpc gets HTTP 415, a protocol other than HTTP/2 (or HTTP/3) gets HTTP 426. Returns true
    /// when it answered. Both replies also carry grpc-status 13 in the headers for clients that look there.
    /// </summary>
    public static bool TryRejectNonGrpcRequest(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!IsGrpcContentType(request.ContentType))
        {
            WriteHttpError(
                httpContext.Response,
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported.");
            return true;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            WriteHttpError(
                httpContext.Response,
                StatusCodes.Status426UpgradeRequired,
                $"Request protocol '{request.Protocol}' is not supported.");
            httpContext.Response.Headers.Upgrade = "HTTP/2";
            return true;
        }

        return false;
    }

    /// <summary>
    /// Ends the call with a status: HTTP 200, content-type application/grpc, and grpc-status (plus grpc-message
    /// when there is one) as trailers, after whatever body was written.
    /// </summary>
    public static void WriteStatus(HttpResponse response, GrpcStatusCode status, string? message)
    {
        var hasMessage = !string.IsNullOrEmpty(message);
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
        }

        if (response.SupportsTrailers())
        {
            if (!response.HasStarted)
            {
                response.DeclareTrailer(StatusTrailer);
                if (hasMessage)
                {
                    response.DeclareTrailer(MessageTrailer);
                }
            }

            response.AppendTrailer(StatusTrailer, StatusString(status));
            if (hasMessage)
            {
                response.AppendTrailer(MessageTrailer, PercentEncode(message!));
            }
        }
        else if (!response.HasStarted)
        {
            // Not reached over HTTP/2; kept so a transport without trailers still gets a Trailers-Only answer.
            response.Headers[StatusTrailer] = StatusString(status);
            if (hasMessage)
            {
                response.Headers[MessageTrailer] = PercentEncode(message!);
            }
        }
    }

    /// <summary>Splits <c>/service/method</c>; false for any other shape.</summary>
    public static bool TrySplitPath(string? path, out string service, out string method)
    {
        service = string.Empty;
        method = string.Empty;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return false;
        }

        var slash = path.IndexOf('/', 1);
        if (slash <= 1 || slash == path.Length - 1 || path.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        service = path[1..slash];
        method = path[(slash + 1)..];
        return true;
    }

    private static void WriteHttpError(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers[StatusTrailer] = StatusString(GrpcStatusCode.Internal);
        response.Headers[MessageTrailer] = PercentEncode(message);
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static string[] CreateStatusStrings()
    {
        var strings = new string[17];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return strings;
    }
}
