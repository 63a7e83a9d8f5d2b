namespace Rush.Platform.Redis;

/// <summary>Deletes every key matching a pattern in short SCAN steps (test resets, cache wipes after a bulk load).</summary>
/// <remarks>Not for request paths: its cost grows with the keyspace. Standalone/Sentinel only (one keyspace).</remarks>
public static class RedisKeySweep
{
    private static readonly RedisScript ScanDelete = RedisScript.FromResource(typeof(RedisKeySweep), "scan-delete.lua");

    /// <summary>Deletes the keys matching <paramref name="pattern"/> (e.g. <c>seat:*</c>).</summary>
    public static async Task DeleteMatchingAsync(RedisConnection redis, string pattern, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var cursor = "0";
        do
        {
            ct.ThrowIfCancellationRequested();
            cursor = (string)(await ScanDelete.EvaluateAsync(redis.Database, [], [cursor, pattern, 1000]))!;
        }
        while (cursor != "0");
    }
}
