using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Observability;

/// <summary>Settings of metrics sampling and tracing (section <c>Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>How often gauges read from dependencies (outbox lag, slot load, consumer backlog, dependency health) are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Record spans even without an OTLP endpoint (an exporter added in code, e.g. a test's in-memory one).
    /// Tracing is on whenever <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and off (no span is even created) otherwise.
    /// </summary>
    public bool Tracing { get; set; }
}
