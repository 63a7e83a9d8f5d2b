using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Hosting;

namespace Rush.Platform.Observability;

/// <summary>Runs every <see cref="IMetricsProbe"/> once per <see cref="ObservabilityOptions.SampleInterval"/>.</summary>
public sealed partial class MetricsProbeRunner(IEnumerable<IMetricsProbe> probes, IOptions<ObservabilityOptions> options, ILogger<MetricsProbeRunner> log) : BackgroundService
{
    /// <summary>Samples every probe once, concurrently; a failing probe does not hold up the others.</summary>
    public Task SampleOnceAsync(CancellationToken ct) => Task.WhenAll(probes.Select(p => SampleAsync(p, ct)));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }

    private async Task SampleAsync(IMetricsProbe probe, CancellationToken ct)
    {
        try
        {
            await probe.SampleAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A probe failing (dependency down) must never stop the others or the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogProbeFailed(probe.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metrics probe {Probe} failed: {Reason}; its gauges keep their last value")]
    private partial void LogProbeFailed(string probe, string reason);
}
