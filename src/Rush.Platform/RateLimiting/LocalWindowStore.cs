using System.Collections.Concurrent;

namespace Rush.Platform.RateLimiting;

/// <summary>
/// The in-process fallback while Redis is unreachable: the same policies and the same arithmetic,
/// counted per instance (so N instances let up to N times the limit through: fail open to a
/// per-instance limit, never closed for everyone). Counters of ended windows are pruned as time passes.
/// </summary>
public sealed class LocalWindowStore
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _nextPruneMs;

    /// <summary>Number of partitions currently counted (for tests and diagnostics).</summary>
    public int Count => _counters.Count;

    /// <summary>Decides one request of <paramref name="partition"/> under <paramref name="policy"/> at <paramref name="now"/>.</summary>
    public RateLimitDecision Decide(RatePolicy policy, string partition, int permits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var nowMs = now.ToUnixTimeMilliseconds();
        PruneIfDue(nowMs);
        var counter = _counters.GetOrAdd(policy.Key(partition), static _ => new Counter());
        lock (counter)
        {
            return policy.Kind == RateWindowKind.Fixed
                ? counter.Fixed(policy, permits, nowMs)
                : counter.Sliding(policy, permits, nowMs);
        }
    }

    private void PruneIfDue(long nowMs)
    {
        var due = Interlocked.Read(ref _nextPruneMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextPruneMs, nowMs + (long)PruneInterval.TotalMilliseconds, due) != due)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            bool ended;
            lock (counter)
            {
                ended = counter.ExpiresAtMs <= nowMs;
            }

            if (ended)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    /// <summary>One partition's state; guarded by locking the instance.</summary>
    private sealed class Counter
    {
        private long _start = long.MinValue;
        private long _index = long.MinValue;
        private long _previous;
        private long _current;

        public long ExpiresAtMs { get; private set; }

        // Seed semantics: the window starts with the first request and lasts Window.
        public RateLimitDecision Fixed(RatePolicy policy, int permits, long nowMs)
        {
            var window = policy.WindowMilliseconds;
            if (_start == long.MinValue || nowMs >= _start + window)
            {
                _start = nowMs;
                _current = 0;
            }

            ExpiresAtMs = _start + window;
            var reset = TimeSpan.FromMilliseconds(Math.Max(1, ExpiresAtMs - nowMs));
            if (_current + permits > policy.PermitLimit)
            {
                return new RateLimitDecision(false, Math.Max(0, policy.PermitLimit - _current), reset, RateLimitStore.Local);
            }

            _current += permits;
            return new RateLimitDecision(true, policy.PermitLimit - _current, reset, RateLimitStore.Local);
        }

        public RateLimitDecision Sliding(RatePolicy policy, int permits, long nowMs)
        {
            var window = policy.WindowMilliseconds;
            var index = nowMs / window;
            if (index != _index)
            {
                _previous = index == _index + 1 ? _current : 0;
                _current = 0;
                _index = index;
            }

            var elapsed = nowMs % window;
            ExpiresAtMs = (index + 2) * window;
            var allowed = SlidingWindow.Fits(_previous, _current, elapsed, window, policy.PermitLimit, permits);
            if (allowed)
            {
                _current += permits;
            }

            return SlidingWindow.Decide(allowed, _previous, _current, elapsed, window, policy.PermitLimit, permits, RateLimitStore.Local);
        }
    }
}
