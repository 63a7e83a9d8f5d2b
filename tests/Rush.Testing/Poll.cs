using System.Diagnostics;

namespace Rush.Testing;

/// <summary>Polls a condition until it holds or a deadline passes (the only way tests here wait).</summary>
public static class Poll
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Evaluates <paramref name="condition"/> repeatedly (short, growing intervals) until it returns true.
    /// Exceptions thrown by the condition propagate at once; a condition that wants to tolerate
    /// "not yet" failures (connection refused...) catches them and returns false.
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(_ => condition(), timeout, what, CancellationToken.None);

    /// <summary>Same as <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string)"/>, cancellable.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        string what,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        var interval = FirstInterval;
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            if (await condition(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.#} s ({attempts} checks) waiting for {what}.");
            }

            await Task.Delay(interval < left ? interval : left, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }
    }
}
