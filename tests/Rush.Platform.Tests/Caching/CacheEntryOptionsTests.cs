using Rush.Platform.Caching;

namespace Rush.Platform.Tests.Caching;

/// <summary>A call site's cache settings and the FusionCache options they become.</summary>
public sealed class CacheEntryOptionsTests
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(800);

    private static readonly CacheEntryOptions Options = new("unit", TimeSpan.FromSeconds(60))
    {
        LocalDuration = TimeSpan.FromSeconds(5),
        FailSafeWindow = TimeSpan.FromMinutes(10),
        SoftTimeout = TimeSpan.FromSeconds(1),
        HardTimeout = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public void Value_is_fresh_for_the_duration_and_served_from_memory_for_the_local_duration_only()
    {
        var fusion = Options.ToFusion(RedisTimeout);

        Assert.Equal(TimeSpan.FromSeconds(60), fusion.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), fusion.MemoryCacheDuration);
    }

    [Fact]
    public void Memory_never_keeps_a_value_fresh_longer_than_its_duration()
    {
        var fusion = (Options with { Duration = TimeSpan.FromSeconds(2) }).ToFusion(RedisTimeout);

        Assert.Equal(TimeSpan.FromSeconds(2), fusion.MemoryCacheDuration);
    }

    [Fact]
    public void Expired_value_stays_a_fallback_for_the_fail_safe_window_and_is_reused_for_the_local_duration()
    {
        var fusion = Options.ToFusion(RedisTimeout);

        Assert.True(fusion.IsFailSafeEnabled);
        Assert.Equal(TimeSpan.FromSeconds(60) + TimeSpan.FromMinutes(10), fusion.FailSafeMaxDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), fusion.FailSafeThrottleDuration);
    }

    [Fact]
    public void Without_a_fail_safe_window_no_stale_value_is_ever_served() =>
        Assert.False((Options with { FailSafeWindow = TimeSpan.Zero }).ToFusion(RedisTimeout).IsFailSafeEnabled);

    [Fact]
    public void Origin_timeouts_and_lock_waits_follow_the_soft_and_hard_timeouts_and_Redis_its_own()
    {
        var fusion = Options.ToFusion(RedisTimeout);

        Assert.Equal(TimeSpan.FromSeconds(1), fusion.FactorySoftTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), fusion.FactoryHardTimeout);
        Assert.True(fusion.AllowTimedOutFactoryBackgroundCompletion);
        Assert.Equal(TimeSpan.FromSeconds(4), fusion.LockTimeout);
        Assert.Equal(RedisTimeout, fusion.DistributedCacheSoftTimeout);
        Assert.Equal(RedisTimeout, fusion.DistributedCacheHardTimeout);
    }

    [Theory]
    [InlineData("", 60, 5, 1, 5)]
    [InlineData("x", 0, 5, 1, 5)]
    [InlineData("x", 60, 0, 1, 5)]
    [InlineData("x", 60, 5, 0, 5)]
    [InlineData("x", 60, 5, 6, 5)]
    public void Contradictory_settings_are_refused(string name, int durationSeconds, int localSeconds, int softSeconds, int hardSeconds)
    {
        var options = new CacheEntryOptions(name, TimeSpan.FromSeconds(durationSeconds))
        {
            LocalDuration = TimeSpan.FromSeconds(localSeconds),
            SoftTimeout = TimeSpan.FromSeconds(softSeconds),
            HardTimeout = TimeSpan.FromSeconds(hardSeconds),
        };

        Assert.Throws<ArgumentException>(() => options.ToFusion(RedisTimeout));
    }
}
