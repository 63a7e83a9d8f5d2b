using System.Net;
using Rush.Bench.Load;

namespace Rush.Bench.Http;

/// <summary>
/// GETs over HTTP/1.1, request <c>i</c> built by <paramref name="build"/> (so a run can cycle through pages, queries or
/// users); 2xx is <see cref="Outcome.Ok"/>, 429 <see cref="Outcome.Rejected"/>.
/// </summary>
internal sealed class RestGetTarget(string name, string endpoint, HttpClient client, Func<long, HttpRequestMessage> build) : ILoadTarget
{
    private long _sent;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Endpoint { get; } = endpoint;

    /// <summary>A target that GETs the same <paramref name="uri"/> every time.</summary>
    public static RestGetTarget Fixed(string name, HttpClient client, Uri uri) => new(name, $"GET {uri}", client, _ => Get(uri));

    /// <summary>A GET of <paramref name="uri"/> over HTTP/1.1 exactly.</summary>
    public static HttpRequestMessage Get(Uri uri) => new(HttpMethod.Get, uri)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = build(Interlocked.Increment(ref _sent));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await HttpBodies.DrainAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? SendResult.Ok
                : response.StatusCode == HttpStatusCode.TooManyRequests ? SendResult.Rejected
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
            using var request = build(Interlocked.Increment(ref _sent));
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
}
