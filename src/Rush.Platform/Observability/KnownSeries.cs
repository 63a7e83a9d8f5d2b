using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Rush.Platform.Observability;

/// <summary>Writes the zero measurements of series whose label values are known in advance (see <see cref="ObservabilityModule.AddKnownSeries"/>).</summary>
/// <param name="Announce">Adds 0 to each known series.</param>
public sealed record KnownSeries(Action Announce);

/// <summary>Announces every <see cref="KnownSeries"/> once the meter provider listens (a measurement before that is lost).</summary>
internal sealed class KnownSeriesAnnouncer(IEnumerable<KnownSeries> series, MeterProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(provider);
        foreach (var known in series)
        {
            known.Announce();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
