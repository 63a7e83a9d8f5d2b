using System.Diagnostics;

namespace Rush.Bench.Load;

/// <summary>
/// Closed loop: <c>connections</c> workers, each sending its next request as soon as the previous one is answered.
/// A request is measured when it starts after the warmup and finishes before the end; latency is from its actual
/// send, so this model shows capacity, not the latency a user would see at a given arrival rate.
/// </summary>
internal static class ClosedLoopRunner
{
    /// <summary>Runs the load and summarizes the measured window.</summary>
    public static async Task<LoadResult> RunAsync(ILoadTarget target, int connections, TimeSpan warmup, TimeSpan duration, TimeSpan drain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        var errors = new ErrorTally();
        var recorders = new LatencyRecorder[connections];
        for (var i = 0; i < connections; i++)
        {
            recorders[i] = new LatencyRecorder();
        }

        using var cutoff = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cutoff.CancelAfter(warmup + duration + drain);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + ToTicks(warmup);
        var measureTo = measureFrom + ToTicks(duration);
        var workers = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            workers[i] = WorkerAsync(target, recorders[i], errors, measureFrom, measureTo, cutoff.Token);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var counts = new long[Outcomes.Count];
        var total = 0;
        foreach (var recorder in recorders)
        {
            total += recorder.Count;
            for (var o = 0; o < counts.Length; o++)
            {
                counts[o] += recorder.Counts[o];
            }
        }

        var samples = new long[total];
        var offset = 0;
        foreach (var recorder in recorders)
        {
            offset = recorder.CopyTo(samples, offset);
        }

        var outcomes = OutcomeCounts.From(counts);
        var seconds = duration.TotalSeconds;
        return new LoadResult
        {
            Name = target.Name,
            Endpoint = target.Endpoint,
            Mode = "closed",
            Connections = connections,
            DurationSeconds = seconds,
            Counts = outcomes,
            OkPerSecond = outcomes.Ok / seconds,
            ResponsesPerSecond = (outcomes.Ok + outcomes.Rejected + outcomes.ErrorResponses) / seconds,
            Latency = LatencySummary.FromTicks(samples, total),
            Errors = errors.Snapshot(),
        };
    }

    private static async Task WorkerAsync(ILoadTarget target, LatencyRecorder recorder, ErrorTally errors, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        // Let every worker start before the first one runs synchronously through a fast answer.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= measureTo)
            {
                return;
            }

            var result = await target.SendAsync(cancellationToken).ConfigureAwait(false);
            var done = Stopwatch.GetTimestamp();
            if (sent >= measureFrom && done <= measureTo)
            {
                recorder.Record(done - sent, result.Outcome);
                if (result.Error is { } error)
                {
                    errors.Add(error);
                }
            }
            else if (result.Outcome is Outcome.TransportError)
            {
                // Connection refused during warmup would otherwise spin at full speed.
                await Task.Delay(10, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
