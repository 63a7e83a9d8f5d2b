using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class SlidingWindowTests
{
    private const long Window = 60_000;

    [Fact]
    public void Previous_window_counts_by_the_share_of_it_still_inside_the_sliding_window()
    {
        // 15 s into the window, three quarters of the previous window still count: 4 * 0.75 + 1 = 4.
        Assert.Equal(4.0, SlidingWindow.Estimate(previous: 4, current: 1, elapsedMs: 15_000, Window));
        Assert.False(SlidingWindow.Fits(4, 1, 15_000, Window, limit: 4, permits: 1));
        Assert.True(SlidingWindow.Fits(4, 0, 15_000, Window, limit: 4, permits: 1));
    }

    [Fact]
    public void Refused_request_waits_until_the_previous_share_has_faded_enough()
    {
        // Needs 4 * (1 - e/60) + 1 + 1 <= 4, i.e. e >= 30 s; 15 s have passed.
        Assert.Equal(15_000, SlidingWindow.WaitMs(previous: 4, current: 1, elapsedMs: 15_000, Window, limit: 4, permits: 1));
    }

    [Fact]
    public void Full_current_window_waits_into_the_next_window()
    {
        // This window holds the whole quota: 45 s to its end, then 3 * (1 - e/60) + 1 <= 3 needs e >= 20 s.
        Assert.Equal(65_000, SlidingWindow.WaitMs(previous: 0, current: 3, elapsedMs: 15_000, Window, limit: 3, permits: 1));
    }

    [Fact]
    public void Allowed_decision_reports_what_remains_and_the_end_of_the_window()
    {
        var decision = SlidingWindow.Decide(true, previous: 4, current: 1, elapsedMs: 15_000, Window, limit: 10, permits: 1, RateLimitStore.Redis);

        Assert.Equal(6, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(45), decision.Reset);
    }

    [Fact]
    public void Refused_decision_has_no_remaining_quota_and_a_retry_time()
    {
        var decision = SlidingWindow.Decide(false, previous: 4, current: 1, elapsedMs: 15_000, Window, limit: 4, permits: 1, RateLimitStore.Local);

        Assert.False(decision.Allowed);
        Assert.Equal(0, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(15), decision.Reset);
    }
}
