using System.Diagnostics.Metrics;

namespace Rush.Platform.Observability;

/// <summary>The one <see cref="Meter"/> every Rush instrument hangs off; <c>/metrics</c> exports it.</summary>
/// <remarks>
/// Naming convention (the OpenTelemetry Prometheus exporter maps names mechanically): instruments are
/// named OpenTelemetry-style with dots, e.g. <c>rush.cache.requests</c>; the exporter replaces dots
/// with underscores, appends <c>_seconds</c> for unit <c>s</c>, <c>_bytes</c> for <c>By</c> and
/// <c>_total</c> for counters; annotations such as <c>{order}</c> and unit <c>1</c> add nothing, so a
/// ratio says so in its name. Durations are histograms in seconds. Tags are low-cardinality only
/// (route templates, dependency names, results), never ids, IPs or users.
/// </remarks>
public static class RushMeter
{
    /// <summary>Name of the meter (what a meter provider subscribes to).</summary>
    public const string Name = "Rush";

    /// <summary>The shared meter.</summary>
    public static Meter Instance { get; } = new(Name);
}
