using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class LocalWindowStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fixed_window_allows_the_limit_then_refuses_until_the_window_ends()
    {
        var store = new LocalWindowStore();
        var policy = new RatePolicy("menu", RateWindowKind.Fixed, 10, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);

        var answers = Enumerable.Range(0, 11).Select(i => store.Decide(policy, "ip:10.0.0.1", 1, Start.AddSeconds(i))).ToList();
        var afterWindow = store.Decide(policy, "ip:10.0.0.1", 1, Start.AddSeconds(60));

        Assert.All(answers.Take(10), a => Assert.True(a.Allowed));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 9L - i), answers.Take(10).Select(a => a.Remaining));
        Assert.False(answers[10].Allowed);
        Assert.Equal(TimeSpan.FromSeconds(50), answers[10].Reset);
        Assert.True(afterWindow.Allowed);
        Assert.Equal(RateLimitStore.Local, afterWindow.Store);
    }

    [Fact]
    public void Partitions_and_policies_are_counted_apart()
    {
        var store = new LocalWindowStore();
        var one = new RatePolicy("one", RateWindowKind.Fixed, 1, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);
        var other = one with { Name = "other" };

        Assert.True(store.Decide(one, "ip:10.0.0.1", 1, Start).Allowed);
        Assert.False(store.Decide(one, "ip:10.0.0.1", 1, Start).Allowed);
        Assert.True(store.Decide(one, "ip:10.0.0.2", 1, Start).Allowed);
        Assert.True(store.Decide(other, "ip:10.0.0.1", 1, Start).Allowed);
    }

    [Fact]
    public void Sliding_window_lets_quota_back_as_the_previous_window_fades()
    {
        var store = new LocalWindowStore();
        var policy = new RatePolicy("intake", RateWindowKind.Sliding, 4, TimeSpan.FromMinutes(1), RatePartitionBy.Client);
        var windowStart = DateTimeOffset.FromUnixTimeMilliseconds(Start.ToUnixTimeMilliseconds() / 60_000 * 60_000);

        var first = Enumerable.Range(0, 5).Select(_ => store.Decide(policy, "c", 1, windowStart).Allowed).ToList();
        var at75s = Enumerable.Range(0, 2).Select(_ => store.Decide(policy, "c", 1, windowStart.AddSeconds(75))).ToList();
        var at90s = store.Decide(policy, "c", 1, windowStart.AddSeconds(90));

        Assert.Equal([true, true, true, true, false], first);
        Assert.True(at75s[0].Allowed);
        Assert.False(at75s[1].Allowed);
        Assert.Equal(TimeSpan.FromSeconds(15), at75s[1].Reset);
        Assert.True(at90s.Allowed);
    }

    [Fact]
    public void Ended_windows_are_pruned()
    {
        var store = new LocalWindowStore();
        var policy = new RatePolicy("menu", RateWindowKind.Fixed, 10, TimeSpan.FromMinutes(1), RatePartitionBy.Ip);
        for (var i = 0; i < 50; i++)
        {
            store.Decide(policy, "ip:10.0.0." + i, 1, Start);
        }

        store.Decide(policy, "ip:10.0.1.1", 1, Start.AddMinutes(5));

        Assert.Equal(1, store.Count);
    }
}
