namespace Rush.Platform.Hosting;

/// <summary>Timer helpers for background workers.</summary>
public static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false (instead of an exception) once the worker is stopping.</summary>
    public static async Task<bool> TickOrStopAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
