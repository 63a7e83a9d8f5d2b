using System.Net;
using System.Net.Http.Headers;
using Rush.Bench.Load;

namespace Rush.Bench.Http;

/// <summary>
/// A unary gRPC call done by hand over HTTP/2 cleartext: POST /{service}/{method}, body already framed
/// (flag byte + big-endian length + protobuf). The status is <c>grpc-status</c> from the trailers, or from the
/// headers for a Trailers-Only answer: 0 is <see cref="Outcome.Ok"/>, 8 (RESOURCE_EXHAUSTED) <see cref="Outcome.Rejected"/>.
/// </summary>
internal sealed class GrpcUnaryTarget(string name, HttpClient client, Uri uri, IPayloadSource payloads) : ILoadTarget
{
    private static readonly string[] StatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Endpoint => $"gRPC h2c {uri}";

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await HttpBodies.DrainAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new SendResult(Outcome.ErrorResponse, $"HTTP {(int)response.StatusCode}");
            }

            return GrpcStatus(response) switch
            {
                "0" => SendResult.Ok,
                "8" => SendResult.Rejected,
                var status => new SendResult(Outcome.ErrorResponse, DescribeStatus(response, status)),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SendResult.TimedOut;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return new SendResult(Outcome.TransportError, HttpBodies.Describe(e));
        }
    }

    /// <inheritdoc />
    public async Task<(Outcome Outcome, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (Outcome.ErrorResponse, $"HTTP {(int)response.StatusCode} (HTTP/{response.Version})");
            }

            var status = GrpcStatus(response);
            var outcome = status switch
            {
                "0" => Outcome.Ok,
                "8" => Outcome.Rejected,
                _ => Outcome.ErrorResponse,
            };
            return (outcome, $"{DescribeStatus(response, status)}, {body.Length} response bytes");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return (Outcome.TransportError, HttpBodies.Describe(e));
        }
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    private static string DescribeStatus(HttpResponseMessage response, string? status)
    {
        if (status is null)
        {
            return "no grpc-status";
        }

        var label = int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var code) && code >= 0 && code < StatusNames.Length
            ? $"grpc-status {code} {StatusNames[code]}"
            : $"grpc-status {status}";
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
        return message is null ? label : $"{label}: {HttpBodies.Excerpt(Uri.UnescapeDataString(message), 120)}";
    }

    private HttpRequestMessage CreateRequest()
    {
        var payload = payloads.Next();
        var content = new ByteArrayContent(payload.Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        return request;
    }
}
