using OpenTelemetry.Metrics;

namespace Rush.Platform.Observability;

/// <summary>Renames the runtime's few gauges whose names end in <c>.count</c>, so <c>/metrics</c> passes <c>promtool check metrics</c>.</summary>
/// <remarks>In Prometheus a <c>_count</c> suffix belongs to histograms and summaries; a gauge named so is flagged (and confuses PromQL readers).</remarks>
internal static class RuntimeMetricViews
{
    public static MeterProviderBuilder AddRuntimeMetricViews(this MeterProviderBuilder builder) => builder
        .AddView("dotnet.assembly.count", "dotnet.assemblies.loaded")
        .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
        .AddView("dotnet.timer.count", "dotnet.timers.active");
}
