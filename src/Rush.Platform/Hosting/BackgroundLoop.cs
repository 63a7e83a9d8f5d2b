using Microsoft.Extensions.Logging;

namespace Rush.Platform.Hosting;

/// <summary>
/// The round loop of a background worker: a round that throws is logged and the next round runs.
/// </summary>
/// <remarks>
/// Why: an exception escaping <c>BackgroundService.ExecuteAsync</c> stops the whole host by default
/// (or, if configured to be ignored, silently ends the worker for good). A worker's own expected
/// failures (database or Redis away) stay its own short warnings; this catches the rest — a bug, a
/// poisoned value — and logs it as an error with its stack trace instead of killing the process.
/// </remarks>
public static partial class BackgroundLoop
{
    /// <summary>Runs <paramref name="round"/> every <paramref name="interval"/> (first at once when <paramref name="runFirst"/>) until <paramref name="stoppingToken"/>.</summary>
    public static async Task RunAsync(string worker, TimeSpan interval, TimeProvider clock, ILogger log,
        Func<CancellationToken, Task> round, CancellationToken stoppingToken, bool runFirst = false)
    {
        ArgumentNullException.ThrowIfNull(round);
        using var timer = new PeriodicTimer(interval, clock);
        if (runFirst)
        {
            await RoundAsync(worker, log, round, stoppingToken);
        }

        while (await timer.TickOrStopAsync(stoppingToken))
        {
            await RoundAsync(worker, log, round, stoppingToken);
        }
    }

    /// <summary>Runs one round; false when it failed (already logged) or was stopped.</summary>
    public static async Task<bool> RoundAsync(string worker, ILogger log, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        try
        {
            await round(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            Failed(log, worker, e);
            return false;
        }
    }

    /// <summary>Logs an unexpected failure of <paramref name="worker"/>, for loops that do not fit <see cref="RunAsync"/>.</summary>
    public static void Failed(ILogger log, string worker, Exception exception) => LogFailed(log, worker, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background worker {Worker} failed a round unexpectedly; it carries on with the next round")]
    private static partial void LogFailed(ILogger log, string worker, Exception exception);
}
