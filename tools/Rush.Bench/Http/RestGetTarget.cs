using System.Net;
using Rush.Bench.Load;

namespace Rush.Bench.Http;

/// <summary>GETs one address over HTTP/1.1; 2xx is <see cref="Outcome.Ok"/>, 429 <see cref="Outcome.Rejected"/>.</summary>
internal sealed class RestGetTarget(string name, HttpClient client, Uri uri) : ILoadTarget
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Endpoint => $"GET {uri}";

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest();
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
            using var request = CreateRequest();
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var outcome = status is >= 200 and < 300 ? Outcome.Ok : status == 429 ? Outcome.Rejected : Outcome.ErrorResponse;
            var quota = response.Headers.TryGetValues("RateLimit", out var values) ? $" RateLimit: {string.Join(",", values)};" : "";
            return (outcome, $"HTTP {status}:{quota} {body.Length:N0} chars: {HttpBodies.Excerpt(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return (Outcome.TransportError, HttpBodies.Describe(e));
        }
    }

    private HttpRequestMessage CreateRequest() => new(HttpMethod.Get, uri)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
