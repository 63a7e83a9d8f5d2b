using System.Diagnostics.Metrics;

namespace Rush.Platform.Observability;

/// <summary>Per-route HTTP instruments, recorded by <see cref="RequestMetricsMiddleware"/>.</summary>
/// <remarks>Tags: <c>method</c> (canonical verb or OTHER), <c>route</c> (the endpoint's template, <c>unmatched</c> when none), <c>status</c> (the code).</remarks>
public static class HttpMetrics
{
    /// <summary>Route tag of requests no endpoint matched (404s of arbitrary paths must not create series).</summary>
    public const string Unmatched = "unmatched";

    /// <summary>Requests answered (<c>rush_http_server_requests_total</c>).</summary>
    public static Counter<long> Requests { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.http.server.requests", "{request}", "HTTP requests answered, by method, route template and status code.");

    /// <summary>Requests answered with a 5xx status (<c>rush_http_server_errors_total</c>).</summary>
    public static Counter<long> Errors { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.http.server.errors", "{request}", "HTTP requests answered with a server error (5xx), by method, route template and status code.");

    /// <summary>Time from the request reaching the app to the answer being written (<c>rush_http_server_request_duration_seconds</c>).</summary>
    public static Histogram<double> Duration { get; } = RushMeter.Instance.CreateHistogram(
        "rush.http.server.request.duration", "s", "HTTP request duration in seconds (WebSocket sessions excluded), by method, route template and status code.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [.. MetricsCollector.SecondsBuckets] });
}
