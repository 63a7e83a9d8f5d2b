using System.Net;
using Rush.Bench.Load;

namespace Rush.Bench.Http;

/// <summary>POSTs JSON bodies over HTTP/1.1; 2xx is <see cref="Outcome.Ok"/>, 429 <see cref="Outcome.Rejected"/>.</summary>
internal sealed class RestPostTarget(string name, HttpClient client, Uri uri, IPayloadSource payloads) : ILoadTarget
{
    /// <summary>Header carrying the idempotency key.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Endpoint => $"POST {uri}";

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(uri, payloads.Next());
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await HttpBodies.DrainAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendResult.Ok;
            }

            return response.StatusCode == HttpStatusCode.TooManyRequests
                ? SendResult.Rejected
                : new SendResult(Outcome.ErrorResponse, $"HTTP {status}");
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
            using var request = CreateRequest(uri, payloads.Next());
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var outcome = status is >= 200 and < 300 ? Outcome.Ok : status == 429 ? Outcome.Rejected : Outcome.ErrorResponse;
            return (outcome, $"HTTP {status}: {HttpBodies.Excerpt(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return (Outcome.TransportError, HttpBodies.Describe(e));
        }
    }

    /// <summary>An HTTP/1.1 POST of <paramref name="payload"/> as JSON to <paramref name="uri"/>, with its idempotency key if any.</summary>
    public static HttpRequestMessage CreateRequest(Uri uri, Payload payload)
    {
        var content = new ByteArrayContent(payload.Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        if (payload.IdempotencyKey is { } key)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyHeader, key);
        }

        return request;
    }
}
