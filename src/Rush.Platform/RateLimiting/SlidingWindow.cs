namespace Rush.Platform.RateLimiting;

/// <summary>
/// The two-window weighted counter (as Cloudflare describes it): the estimate over the last window is
/// <c>previous * (window - elapsed) / window + current</c>, i.e. the previous window's count fades out
/// linearly while the current one fills. Two integers per partition instead of a sorted set with one
/// member per request (a rush-sized limit of thousands per minute would mean thousands of members per
/// client). <c>sliding-window.lua</c> makes the same decision with the same arithmetic, atomically in Redis.
/// </summary>
public static class SlidingWindow
{
    /// <summary>True when <paramref name="permits"/> more fit under <paramref name="limit"/>.</summary>
    /// <remarks>Same operations in the same order as the Lua script, so both decide identically (IEEE doubles).</remarks>
    public static bool Fits(long previous, long current, long elapsedMs, long windowMs, long limit, long permits) =>
        Estimate(previous, current, elapsedMs, windowMs) + permits <= limit;

    /// <summary>The weighted count of the last window.</summary>
    public static double Estimate(long previous, long current, long elapsedMs, long windowMs) =>
        previous * (double)(windowMs - elapsedMs) / windowMs + current;

    /// <summary>The decision headers need, from the counts after the script ran.</summary>
    public static RateLimitDecision Decide(bool allowed, long previous, long current, long elapsedMs, long windowMs, long limit, long permits, RateLimitStore store)
    {
        if (allowed)
        {
            var remaining = (long)Math.Floor(limit - Estimate(previous, current, elapsedMs, windowMs));
            return new RateLimitDecision(true, Math.Max(0, remaining), TimeSpan.FromMilliseconds(windowMs - elapsedMs), store);
        }

        return new RateLimitDecision(false, 0, TimeSpan.FromMilliseconds(WaitMs(previous, current, elapsedMs, windowMs, limit, permits)), store);
    }

    /// <summary>Milliseconds until <paramref name="permits"/> would fit, assuming nobody else spends quota meanwhile.</summary>
    public static long WaitMs(long previous, long current, long elapsedMs, long windowMs, long limit, long permits)
    {
        double wait;
        if (current + permits <= limit && previous > 0)
        {
            // Still in this window: wait until the previous window's share has faded enough.
            var elapsedNeeded = windowMs * (1 - (double)(limit - current - permits) / previous);
            wait = elapsedNeeded - elapsedMs;
        }
        else if (permits <= limit)
        {
            // In the next window this window's count becomes the fading one and the new window starts empty.
            var elapsedNeeded = current == 0 ? 0 : Math.Max(0, windowMs * (1 - (double)(limit - permits) / current));
            wait = windowMs - elapsedMs + elapsedNeeded;
        }
        else
        {
            wait = 2 * windowMs;
        }

        return Math.Clamp((long)Math.Ceiling(wait), 1, 2 * windowMs);
    }
}
