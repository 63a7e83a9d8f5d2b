using System.Globalization;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.RateLimiting;

/// <summary>The shared counters: one Lua script call per decision, atomic across every instance.</summary>
public sealed class RedisWindowStore(RedisConnection redis)
{
    private static readonly RedisScript FixedScript = RedisScript.FromResource(typeof(RedisWindowStore), "fixed-window.lua");
    private static readonly RedisScript SlidingScript = RedisScript.FromResource(typeof(RedisWindowStore), "sliding-window.lua");
    private static readonly RedisScript ClientIdsScript = RedisScript.FromResource(typeof(RedisWindowStore), "client-ids.lua");

    /// <summary>Admits <paramref name="clientId"/> for <paramref name="ipPartition"/> unless the IP already used <paramref name="maxIds"/> other ids this window.</summary>
    public async Task<RateLimitDecision> AdmitClientIdAsync(RatePolicy policy, string ipPartition, string clientId, int maxIds)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = (RedisResult[])(await ClientIdsScript.EvaluateAsync(redis.Database,
            [$"rate:{policy.Name}:ids:{ipPartition}"],
            [clientId, maxIds, policy.WindowMilliseconds]).ConfigureAwait(false))!;
        return new RateLimitDecision((long)result[0] == 1, Math.Max(0, maxIds - (long)result[1]),
            TimeSpan.FromMilliseconds(Math.Max(1, (long)result[2])), RateLimitStore.Redis);
    }

    /// <summary>True when the connection has a server; when false a call would only fail.</summary>
    public bool IsConnected => redis.IsConnected;

    /// <summary>Decides one request of <paramref name="partition"/> under <paramref name="policy"/> at <paramref name="now"/>.</summary>
    public async Task<RateLimitDecision> DecideAsync(RatePolicy policy, string partition, int permits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var window = policy.WindowMilliseconds;
        if (policy.Kind == RateWindowKind.Fixed)
        {
            var fixedResult = (RedisResult[])(await FixedScript.EvaluateAsync(redis.Database,
                [policy.Key(partition)],
                [policy.PermitLimit, window, permits]).ConfigureAwait(false))!;
            var count = (long)fixedResult[1];
            return new RateLimitDecision((long)fixedResult[0] == 1, Math.Max(0, policy.PermitLimit - count),
                TimeSpan.FromMilliseconds(Math.Max(1, (long)fixedResult[2])), RateLimitStore.Redis);
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var index = nowMs / window;
        var elapsed = nowMs % window;
        var key = policy.Key(partition) + ":";
        var result = (RedisResult[])(await SlidingScript.EvaluateAsync(redis.Database,
            [key + index.ToString(CultureInfo.InvariantCulture), key + (index - 1).ToString(CultureInfo.InvariantCulture)],
            [policy.PermitLimit, window, elapsed, permits]).ConfigureAwait(false))!;
        return SlidingWindow.Decide((long)result[0] == 1, (long)result[1], (long)result[2], elapsed, window, policy.PermitLimit, permits, RateLimitStore.Redis);
    }
}
