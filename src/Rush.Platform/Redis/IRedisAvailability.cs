namespace Rush.Platform.Redis;

/// <summary>
/// Whether this process can use Redis now, and the moments that changes. Modules use it to switch to
/// their fallback and, on <see cref="CameBack"/>, to re-derive from Postgres what Redis may have lost
/// before they trust it again (docs/architecture.md, "Redis failure").
/// </summary>
/// <remarks>
/// Events are raised in order (never <c>CameBack</c> before the <c>BecameUnavailable</c> it ends), one
/// at a time, on a background thread of their own: a handler may take its time (a resync from Postgres)
/// without holding up Redis callers, but the next event waits for it.
/// </remarks>
public interface IRedisAvailability
{
    /// <summary>False while the breaker is open or half-open, or no master is connected.</summary>
    bool IsAvailable { get; }

    /// <summary>Incremented on every <see cref="CameBack"/>: a reader that remembers it can tell that Redis was away (or replaced) since.</summary>
    long Epoch { get; }

    /// <summary>Redis stopped answering (breaker opened, or the master connection was lost).</summary>
    event EventHandler<RedisAvailabilityEventArgs>? BecameUnavailable;

    /// <summary>
    /// Redis answers again after being unavailable, or a different master took over (a Sentinel failover:
    /// asynchronous replication may have dropped the last writes). Either way, what it holds may be stale.
    /// </summary>
    event EventHandler<RedisAvailabilityEventArgs>? CameBack;
}

/// <summary>Why availability changed.</summary>
public enum RedisAvailabilityChange
{
    /// <summary>The breaker opened after repeated availability failures.</summary>
    BreakerOpened,

    /// <summary>The connection to the master was lost.</summary>
    ConnectionLost,

    /// <summary>Redis answers again (breaker closed and master connected).</summary>
    Restored,

    /// <summary>Another server is master now (Sentinel failover), with or without an outage seen before.</summary>
    MasterChanged,
}

/// <summary>One availability change.</summary>
public sealed class RedisAvailabilityEventArgs(RedisAvailabilityChange change, DateTimeOffset at, string? master, long epoch) : EventArgs
{
    /// <summary>What happened.</summary>
    public RedisAvailabilityChange Change { get; } = change;

    /// <summary>When it was noticed.</summary>
    public DateTimeOffset At { get; } = at;

    /// <summary>The master's endpoint after the change, when one is connected.</summary>
    public string? Master { get; } = master;

    /// <summary><see cref="IRedisAvailability.Epoch"/> after the change.</summary>
    public long Epoch { get; } = epoch;
}
