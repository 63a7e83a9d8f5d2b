using System.ComponentModel.DataAnnotations;

namespace Rush.Kitchen.Screens;

/// <summary>Settings of the screen hubs <c>/ws/kds</c> and <c>/ws/erp</c> (section <c>Screens</c>).</summary>
public sealed class ScreensOptions
{
    /// <summary>Messages each hub keeps for screens that reconnect with <c>?since=</c>; older ones get a snapshot.</summary>
    [Range(1, 1_000_000)]
    public int ReplayWindow { get; set; } = 5000;

    /// <summary>Messages waiting to be sent to one screen; a screen that falls this far behind is disconnected.</summary>
    [Range(1, 1_000_000)]
    public int SendQueueSize { get; set; } = 1000;

    /// <summary>WebSocket ping interval (the protocol has no application-level keep-alive).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an instance waits for a message that pub/sub delivered out of order or lost before it
    /// reads the missing ones from the replay log.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an instance compares its last message with the hub's sequence (catches messages lost while pub/sub was reconnecting).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a connecting screen may wait for the feed to be subscribed before it is turned away (1013, try again).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Origins (e.g. <c>https://kitchen.example.com</c>) besides the host's own whose pages may open the
    /// screen WebSockets. A browser always sends <c>Origin</c> on an upgrade; refusing foreign ones stops
    /// another site from riding a signed-in tablet's cookie (cross-site WebSocket hijacking).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Open screens on this instance, both hubs together; one more is refused (503 screens_full) before the upgrade.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 2000;

    /// <summary>Open screens of one client on this instance (the signed-in user, else the IP); one more is refused (429 too_many_screens).</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerClient { get; set; } = 50;

    /// <summary>
    /// How long a hub's snapshot is reused for screens that join from scratch (they also get what the
    /// replay log holds after it); zero reads a fresh snapshot for every join.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SnapshotCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most orders in one snapshot (active first, then waiting for their slot, then the newest of the day); one
    /// with more left out says <c>"truncated":true</c>. Bounds the script that reads it, which blocks Redis while it runs.
    /// </summary>
    [Range(1, 100_000)]
    public int SnapshotMaxOrders { get; set; } = 2000;
}
