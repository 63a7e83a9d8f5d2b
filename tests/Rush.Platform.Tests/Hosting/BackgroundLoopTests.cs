using Microsoft.Extensions.Logging.Abstractions;
using Rush.Platform.Hosting;
using Rush.Testing;

namespace Rush.Platform.Tests.Hosting;

public sealed class BackgroundLoopTests
{
    [Fact]
    public async Task A_round_that_throws_is_followed_by_the_next_round()
    {
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var loop = BackgroundLoop.RunAsync("test", TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance, _ =>
            Interlocked.Increment(ref rounds) == 1 ? throw new InvalidOperationException("a bug") : Task.CompletedTask, stop.Token, runFirst: true);

        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref rounds) >= 3), TimeSpan.FromSeconds(30), "rounds after the failed one");
        await stop.CancelAsync();
        await loop;

        Assert.True(loop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stopping_ends_the_loop_without_an_error()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = BackgroundLoop.RunAsync("test", TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, async ct =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, stop.Token, runFirst: true);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(loop.IsCompletedSuccessfully);
    }
}
