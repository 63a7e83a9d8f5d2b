using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;

namespace Rush.Platform.Observability;

/// <summary>Writes a structured log line for failed, slow and sampled requests (<see cref="RequestLogOptions"/>) and feeds the ops page's <see cref="OpsWindow"/> with every request.</summary>
/// <remarks>
/// Placed outermost (before the exception handler) so it sees the final status of every answer, also
/// the 500/503 the exception handler writes. The route is read before the request runs: WebApplication
/// routes first, and the exception handler clears the endpoint before it re-executes. The metrics for
/// Prometheus (<c>http.server.request.duration</c>) are ASP.NET Core's own; this middleware only keeps
/// WebSocket sessions out of them, as a screen staying open for hours is not a latency.
/// </remarks>
public sealed partial class RequestLogMiddleware(RequestDelegate next, OpsWindow window, ILoggerFactory loggers, IOptions<RequestLogOptions> options)
{
    /// <summary>Category of the request log; set its level to Warning to switch the lines off.</summary>
    public const string LogCategory = "Rush.Http.Requests";

    /// <summary>Route of requests no endpoint matched, in the log (a raw path would let anybody invent values).</summary>
    public const string Unmatched = "unmatched";

    private readonly ILogger _log = loggers.CreateLogger(LogCategory);
    private readonly TimeSpan _slow = options.Value.SlowThreshold;
    private readonly double _sampleRate = options.Value.SampleRate;

    /// <summary>Runs the rest of the pipeline and records what it answered.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var route = RouteOf(context.GetEndpoint());
        if (context.WebSockets.IsWebSocketRequest && context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
        {
            metrics.MetricsDisabled = true;
        }

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Record(context, route, failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Record(HttpContext context, string route, int status, TimeSpan elapsed)
    {
        var infrastructure = IsInfrastructure(route);
        if (!infrastructure && !context.WebSockets.IsWebSocketRequest)
        {
            window.Record(status, elapsed);
        }

        if (!_log.IsEnabled(infrastructure ? LogLevel.Debug : LogLevel.Information) || (!infrastructure && !Worth(status, elapsed)))
        {
            return;
        }

        // Canonical strings for the standard verbs; anything else is one value, not one per invented verb.
        var method = IsKnown(context.Request.Method) ? HttpMethods.GetCanonicalizedValue(context.Request.Method) : "OTHER";
        var traceId = Problem.TraceId(context);
        if (infrastructure)
        {
            LogInfrastructureRequest(_log, method, route, status, elapsed.TotalMilliseconds, traceId);
        }
        else
        {
            LogRequest(_log, method, route, status, elapsed.TotalMilliseconds, traceId);
        }
    }

    // Failures and slow requests always; the rest (2xx, 3xx, 429) as a random sample.
    private bool Worth(int status, TimeSpan elapsed) =>
        (status >= 400 && status != StatusCodes.Status429TooManyRequests) || elapsed >= _slow
        || (_sampleRate > 0 && (_sampleRate >= 1 || Random.Shared.NextDouble() < _sampleRate));

    /// <summary>The route of an endpoint: its template, never the raw path.</summary>
    public static string RouteOf(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;

    /// <summary>Scrapes, health probes and the ops page's polling: logged at Debug, left out of the ops page's rates and of traces.</summary>
    public static bool IsInfrastructure(string route) =>
        route.StartsWith("/metrics", StringComparison.Ordinal) || route.StartsWith("/health", StringComparison.Ordinal)
        || route.StartsWith("/api/v1/ops", StringComparison.Ordinal) || route == "/ops";

    private static bool IsKnown(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
        || HttpMethods.IsPatch(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} answered {Status} in {DurationMs:0.###} ms (trace {TraceId})")]
    private static partial void LogRequest(ILogger log, string method, string route, int status, double durationMs, string traceId);

    [LoggerMessage(EventId = 2, EventName = "InfrastructureRequest", Level = LogLevel.Debug,
        Message = "{Method} {Route} answered {Status} in {DurationMs:0.###} ms (trace {TraceId})")]
    private static partial void LogInfrastructureRequest(ILogger log, string method, string route, int status, double durationMs, string traceId);
}
