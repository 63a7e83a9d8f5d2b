namespace Rush.Platform.Observability;

/// <summary>Refreshes gauges whose values live in a dependency (a row count, a queue depth); run every sample interval.</summary>
/// <remarks>Why not observable instruments: their callbacks are synchronous and run inside a scrape; a probe does its I/O off the scrape path.</remarks>
public interface IMetricsProbe
{
    /// <summary>Reads the figures and records them; exceptions are logged and the gauges keep their last value.</summary>
    Task SampleAsync(CancellationToken ct);
}
