using System.Globalization;
using Rush.Kitchen.Projection;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Screens;

/// <summary>Reads a hub's sequence, replay log and snapshot state from Redis (written by screen-publish.lua).</summary>
internal sealed class ScreenStore(RedisConnection redis)
{
    private static readonly RedisScript Snapshot = RedisScript.FromResource(typeof(ScreenStore), "screen-snapshot.lua");

    /// <summary>Redis key of a hub's sequence.</summary>
    public static string SeqKey(ScreenHubKind hub) => $"screens:{hub.Name()}:seq";

    /// <summary>Redis key of a hub's replay log.</summary>
    public static string LogKey(ScreenHubKind hub) => $"screens:{hub.Name()}:log";

    /// <summary>Pub/sub channel of a hub.</summary>
    public static string Channel(ScreenHubKind hub) => $"screens:{hub.Name()}";

    /// <summary>The hub's last seq, or null when Redis has none (emptied, or nothing sent yet).</summary>
    public async Task<long?> CurrentSeqAsync(ScreenHubKind hub, CancellationToken ct) =>
        (long?)await redis.Database.StringGetAsync(SeqKey(hub)).WaitAsync(ct);

    /// <summary>The logged messages with <paramref name="after"/> &lt; seq &lt; <paramref name="before"/> (null: no bound), in seq order.</summary>
    public async Task<List<ScreenMessage>> ReadLogAsync(ScreenHubKind hub, long after, long? before, CancellationToken ct)
    {
        var entries = await redis.Database.SortedSetRangeByScoreAsync(LogKey(hub), after, before ?? double.PositiveInfinity, Exclude.Both).WaitAsync(ct);
        return entries.Select(e => ScreenMessage.Parse((byte[])e!)).ToList();
    }

    /// <summary>
    /// The state a fresh screen starts from: the hub's seq, the orders' JSON (OrderView, without "visible"), at most
    /// <paramref name="maxOrders"/> of them, and whether others were left out.
    /// </summary>
    public async Task<(long Seq, List<string> Orders, bool Truncated)> SnapshotAsync(ScreenHubKind hub, DateTimeOffset recentFrom, int maxOrders, CancellationToken ct)
    {
        RedisKey[] keys = [SeqKey(hub), HotStateKeys.Active, HotStateKeys.PendingSlots, HotStateKeys.Recent];
        RedisValue[] args = [hub.Name(), recentFrom.ToUnixTimeMilliseconds(), maxOrders];
        var result = (RedisResult[])(await Snapshot.EvaluateAsync(redis.Database, keys, args).WaitAsync(ct))!;
        var seq = long.Parse((string)result[0]!, CultureInfo.InvariantCulture);
        return (seq, result.Skip(2).Select(r => (string)r!).ToList(), (string?)result[1] == "1");
    }
}
