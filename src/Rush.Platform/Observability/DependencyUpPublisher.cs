using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rush.Platform.Observability;

/// <summary>Turns each periodic readiness report into <c>rush_dependency_up{dependency}</c> (what "Redis down" alerts on) and keeps it for the ops page.</summary>
/// <remarks>
/// Runs on ASP.NET Core's health check publisher schedule (period = <see cref="ObservabilityOptions.SampleInterval"/>),
/// so the gauge follows the same checks <c>/health/ready</c> answers with, without anybody polling it.
/// </remarks>
public sealed class DependencyUpPublisher : IHealthCheckPublisher
{
    private volatile IReadOnlyList<OpsDependency> _last = [];

    /// <summary>Each dependency's last check, by name.</summary>
    public IReadOnlyList<OpsDependency> Last => _last;

    /// <inheritdoc />
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            DependencyMetrics.Up.Record(entry.Status == HealthStatus.Healthy ? 1 : 0, new KeyValuePair<string, object?>("dependency", name));
        }

        _last = report.Entries.Select(e => new OpsDependency(e.Key, e.Value.Status == HealthStatus.Healthy))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        return Task.CompletedTask;
    }
}
