using System.Diagnostics;

namespace Rush.Platform.Observability;

/// <summary>The one <see cref="ActivitySource"/> of Rush's own spans (Redis scripts, order commits, outbox publish, consumer, screens).</summary>
/// <remarks>
/// One trace follows an order from the HTTP/gRPC request across the broker: the request's context is
/// stored with the outbox row (<c>trace_parent</c>), carried in the message's <c>traceparent</c>
/// header and continued by the consumer. With tracing off nobody listens and every
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null at no cost.
/// </remarks>
public static class RushTracing
{
    /// <summary>Name of the source (what a tracer provider subscribes to).</summary>
    public const string SourceName = "Rush";

    /// <summary>Header of a message that carries the W3C trace context of the request that caused it.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The shared source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The W3C <c>traceparent</c> of the current span, to store or send with work done later; null when there is none.</summary>
    public static string? CurrentTraceParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span context in a stored or received <c>traceparent</c>; default (a new trace) when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
