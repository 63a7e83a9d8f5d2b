using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Observability;

/// <summary>Settings of metrics sampling (section <c>Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>How often gauges read from dependencies (outbox lag, slot load, consumer backlog, dependency health) are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
