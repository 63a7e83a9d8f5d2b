using System.Diagnostics;

namespace Rush.Bench.Load;

/// <summary>
/// Open loop: request <c>i</c> is due at <c>start + i / rate</c>, whatever happened to the earlier ones. A dedicated
/// thread hands due requests to the thread pool (it wakes about once a millisecond, so requests leave in small
/// bursts); latency is measured from the intended send time, so time a request spends waiting behind a slow
/// client or server counts (no coordinated omission). When <c>maxInFlight</c> requests are outstanding a due
/// request is not sent and counts as dropped: the target is overloaded at this rate.
/// </summary>
internal sealed class OpenLoopRunner
{
    private readonly ILoadTarget _target;
    private readonly IScheduledLoadTarget? _scheduled;
    private readonly double _rate;
    private readonly long _start;
    private readonly long _total;
    private readonly long _firstMeasured;
    private readonly int _maxInFlight;
    private readonly long[] _latency;
    private readonly Outcome[] _outcomes;
    private readonly ErrorTally _errors = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;

    // Requests in flight plus one held by the dispatcher until it has scheduled the last request.
    private long _pending = 1;

    private OpenLoopRunner(ILoadTarget target, double rate, TimeSpan warmup, TimeSpan duration, int maxInFlight, CancellationToken cancellationToken)
    {
        _target = target;
        _scheduled = target as IScheduledLoadTarget;
        _rate = rate;
        _maxInFlight = maxInFlight;
        _cancellationToken = cancellationToken;
        _firstMeasured = (long)Math.Ceiling(warmup.TotalSeconds * rate);
        _total = _firstMeasured + (long)Math.Round(duration.TotalSeconds * rate);
        // Warmup requests are tracked too: their answers may land in the measured window and count towards its throughput.
        _latency = new long[checked((int)_total)];
        _outcomes = new Outcome[_total];
        _start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
    }

    /// <summary>Runs <paramref name="rate"/> requests per second for warmup + duration, then waits up to <paramref name="drain"/> for stragglers.</summary>
    public static async Task<LoadResult> RunAsync(ILoadTarget target, double rate, TimeSpan warmup, TimeSpan duration, int maxInFlight, TimeSpan drain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        using var cutoff = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new OpenLoopRunner(target, rate, warmup, duration, maxInFlight, cutoff.Token);
        cutoff.CancelAfter(warmup + duration + drain + TimeSpan.FromMilliseconds(10));
        var dispatcher = new Thread(run.Dispatch) { IsBackground = true, Name = "open-loop dispatcher" };
        dispatcher.Start();
        await run._finished.Task.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return run.Summarize(duration);
    }

    private void Dispatch()
    {
        var next = 0L;
        var ticksPerRequest = Stopwatch.Frequency / _rate;
        while (next < _total && !_cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var due = now < _start ? 0 : Math.Min(_total, (long)((now - _start) / ticksPerRequest) + 1);
            for (; next < due; next++)
            {
                var intended = _start + (long)(next * ticksPerRequest);
                if (Interlocked.Read(ref _pending) > _maxInFlight)
                {
                    _outcomes[next] = Outcome.Dropped;
                    continue;
                }

                Interlocked.Increment(ref _pending);
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.Run.Start(s.Index, s.Intended), new WorkItem(this, next, intended), preferLocal: false);
            }

            if (next < _total)
            {
                Thread.Sleep(1);
            }
        }

        // Cancelled before the end: the rest were never sent.
        for (; next < _total; next++)
        {
            _outcomes[next] = Outcome.Dropped;
        }

        Release();
    }

    private void Start(long index, long intended) => _ = SendAsync(index, intended);

    private async Task SendAsync(long index, long intended)
    {
        var result = _scheduled is null
            ? await _target.SendAsync(_cancellationToken).ConfigureAwait(false)
            : await _scheduled.SendAsync(intended, index >= _firstMeasured, _cancellationToken).ConfigureAwait(false);
        _latency[index] = Stopwatch.GetTimestamp() - intended;
        _outcomes[index] = result.Outcome;
        if (index >= _firstMeasured && result.Error is { } error)
        {
            _errors.Add(error);
        }

        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _finished.TrySetResult();
        }
    }

    private LoadResult Summarize(TimeSpan duration)
    {
        var counts = new long[Outcomes.Count];
        var samples = new long[_total - _firstMeasured];
        var n = 0;
        var ticksPerRequest = Stopwatch.Frequency / _rate;
        var measureFrom = _start + (long)(_firstMeasured * ticksPerRequest);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var okInWindow = 0L;
        var answersInWindow = 0L;
        for (var i = 0L; i < _total; i++)
        {
            var outcome = _outcomes[i];
            if (outcome is Outcome.Ok or Outcome.Rejected or Outcome.ErrorResponse)
            {
                // Throughput counts answers that arrive inside the window, whenever they were sent.
                var finished = _start + (long)(i * ticksPerRequest) + _latency[i];
                if (finished >= measureFrom && finished < measureTo)
                {
                    answersInWindow++;
                    okInWindow += outcome is Outcome.Ok ? 1 : 0;
                }
            }

            if (i < _firstMeasured)
            {
                continue;
            }

            counts[(int)outcome]++;
            if (outcome is not (Outcome.Dropped or Outcome.None))
            {
                samples[n++] = _latency[i];
            }
        }

        var outcomes = OutcomeCounts.From(counts);
        var seconds = duration.TotalSeconds;
        return new LoadResult
        {
            Name = _target.Name,
            Endpoint = _target.Endpoint,
            Mode = "open",
            TargetRate = _rate,
            DurationSeconds = seconds,
            Counts = outcomes,
            OkPerSecond = okInWindow / seconds,
            ResponsesPerSecond = answersInWindow / seconds,
            SentPerSecond = outcomes.Sent / seconds,
            Latency = LatencySummary.FromTicks(samples, n),
            Errors = _errors.Snapshot(),
        };
    }

    private readonly record struct WorkItem(OpenLoopRunner Run, long Index, long Intended);
}
