namespace Rush.Testing.Servers;

/// <summary>
/// A sentinel's quorum and timings. The defaults are a test's: a master unanswered for 1 s is down, and a
/// failover may take 3 s before another is tried (<c>./rush up --ha</c> uses 3 s and 15 s).
/// </summary>
public sealed record RedisSentinelOptions
{
    /// <summary>Sentinels that must agree the master is down before a failover starts.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary><c>down-after-milliseconds</c>: how long the master may be silent before it counts as down.</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>failover-timeout</c>: bounds one failover attempt and the wait before the next.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
