using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Rush.Platform.Http;

namespace Rush.Platform.Observability;

/// <summary>Records <see cref="HttpMetrics"/> for every request and writes one structured log line per request.</summary>
/// <remarks>
/// Placed outermost (before the exception handler) so it sees the final status of every answer, also
/// the 500/503 the exception handler writes. The route is read before the request runs: WebApplication
/// routes first, and the exception handler clears the endpoint before it re-executes. Cost per request:
/// three measurements without allocation (cached tag strings) and, when Information is enabled for
/// <c>Rush.Http.Requests</c>, one log entry.
/// </remarks>
public sealed partial class RequestMetricsMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>Category of the request log; set its level to Warning to switch the lines off.</summary>
    public const string LogCategory = "Rush.Http.Requests";

    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly ILogger _log = loggers.CreateLogger(LogCategory);

    /// <summary>Runs the rest of the pipeline and records what it answered.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var route = RouteOf(context.GetEndpoint());
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
        // Canonical strings for the standard verbs; anything else is one series, not one per invented verb.
        var method = IsKnown(context.Request.Method) ? HttpMethods.GetCanonicalizedValue(context.Request.Method) : "OTHER";
        var statusText = status is >= 0 and < 600 ? StatusTexts[status] : "other";
        var tagMethod = new KeyValuePair<string, object?>("method", method);
        var tagRoute = new KeyValuePair<string, object?>("route", route);
        var tagStatus = new KeyValuePair<string, object?>("status", statusText);
        HttpMetrics.Requests.Add(1, tagMethod, tagRoute, tagStatus);
        if (status >= 500)
        {
            HttpMetrics.Errors.Add(1, tagMethod, tagRoute, tagStatus);
        }

        // A WebSocket session lasts as long as a screen stays open: it is not a latency.
        if (!context.WebSockets.IsWebSocketRequest)
        {
            HttpMetrics.Duration.Record(elapsed.TotalSeconds, tagMethod, tagRoute, tagStatus);
        }

        var infrastructure = IsInfrastructure(route);
        if (!_log.IsEnabled(infrastructure ? LogLevel.Debug : LogLevel.Information))
        {
            return;
        }

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

    /// <summary>The route tag of an endpoint: its template, never the raw path.</summary>
    public static string RouteOf(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? HttpMetrics.Unmatched;

    /// <summary>Scrapes, health probes and the ops page's polling: counted, but logged at Debug and left out of the ops page's rates.</summary>
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
