using Rush.Platform.Caching;

namespace Rush.Platform.Tests.Caching;

/// <summary>When a value in memory is served, refreshed, or used as a fail-safe fallback.</summary>
public sealed class ExpiryDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly CacheEntryOptions Options = new("unit", TimeSpan.FromSeconds(60))
    {
        LocalDuration = TimeSpan.FromSeconds(5),
        FailSafeWindow = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void Fresh_value_is_served_from_memory_for_the_local_duration_only()
    {
        var entry = LocalEntry.Create("v", Now.AddSeconds(60), Now, Options);

        Assert.True(entry.ServesLocally(Now.AddSeconds(4.9)));
        Assert.False(entry.ServesLocally(Now.AddSeconds(5)));
        Assert.True(entry.IsFresh(Now.AddSeconds(5)));
    }

    [Fact]
    public void Memory_never_serves_a_value_past_its_expiry()
    {
        var entry = LocalEntry.Create("v", Now.AddSeconds(1), Now, Options);

        Assert.False(entry.ServesLocally(Now.AddSeconds(1)));
    }

    [Fact]
    public void Expired_value_stays_a_fallback_for_the_fail_safe_window()
    {
        var entry = LocalEntry.Create("v", Now, Now, Options);

        Assert.False(entry.IsFresh(Now));
        Assert.True(entry.CanFailSafe(Now.AddMinutes(10).AddTicks(-1)));
        Assert.False(entry.CanFailSafe(Now.AddMinutes(10)));
    }

    [Fact]
    public void Fallback_is_reused_from_memory_for_the_local_duration_so_a_failing_origin_is_not_hammered()
    {
        var fallback = LocalEntry.Create("v", Now, Now, Options).ThrottledFallback(Now.AddMinutes(1), Options);

        Assert.True(fallback.ServesLocally(Now.AddMinutes(1).AddSeconds(4)));
        Assert.False(fallback.ServesLocally(Now.AddMinutes(1).AddSeconds(5)));
        Assert.False(fallback.IsFresh(Now.AddMinutes(1)));
    }

    [Fact]
    public void Fallback_is_never_reused_past_the_fail_safe_window()
    {
        var fallback = LocalEntry.Create("v", Now, Now, Options).ThrottledFallback(Now.AddMinutes(10).AddSeconds(-1), Options);

        Assert.False(fallback.ServesLocally(Now.AddMinutes(10)));
    }

    [Fact]
    public void Invalidated_value_is_no_longer_fresh_nor_served_from_memory_but_remains_a_fallback()
    {
        var entry = LocalEntry.Create("v", Now.AddSeconds(60), Now, Options).Expired(Now.AddSeconds(1));

        Assert.False(entry.IsFresh(Now.AddSeconds(1)));
        Assert.False(entry.ServesLocally(Now.AddSeconds(1)));
        Assert.True(entry.CanFailSafe(Now.AddMinutes(5)));
    }

    [Fact]
    public void Redis_keeps_an_entry_through_its_fail_safe_window() =>
        Assert.Equal(TimeSpan.FromSeconds(60) + TimeSpan.FromMinutes(10), Options.PhysicalTtl);

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

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
