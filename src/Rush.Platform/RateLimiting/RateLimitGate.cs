using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Observability;
using StackExchange.Redis;

namespace Rush.Platform.RateLimiting;

/// <summary>
/// Decides requests in Redis and falls back to <see cref="LocalWindowStore"/> when Redis is
/// unreachable, slow (<see cref="RateLimitingOptions.RedisTimeout"/>) or failing. After a failure,
/// requests go straight to the local store for <see cref="RateLimitingOptions.RedisRetryInterval"/>;
/// then one request probes Redis while the others stay local, so a hung Redis costs one timeout per
/// interval, not one per request. The switch each way is logged once, not per request.
/// </summary>
public sealed partial class RateLimitGate
{
    private static readonly Counter<long> Decisions = RushMeter.Instance.CreateCounter<long>(
        "rush.rate_limit.decisions", description: "Rate limit decisions by policy, result (allowed, limited) and store (redis, local fallback).");

    private readonly RedisWindowStore _redis;
    private readonly LocalWindowStore _local;
    private readonly TimeProvider _clock;
    private readonly ILogger<RateLimitGate> _log;
    private readonly TimeSpan _timeout;
    private readonly long _retryTicks;
    private long _retryAt;
    private int _down;
    private int _probing;

    /// <summary>Creates the gate.</summary>
    public RateLimitGate(RedisWindowStore redis, LocalWindowStore local, TimeProvider clock, IOptions<RateLimitingOptions> options, ILogger<RateLimitGate> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _local = local;
        _clock = clock;
        _log = log;
        _timeout = options.Value.RedisTimeout;
        _retryTicks = (long)(options.Value.RedisRetryInterval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>True while decisions are made locally because Redis failed.</summary>
    public bool IsFallingBack => Volatile.Read(ref _down) == 1;

    /// <summary>Decides one request; never throws for a Redis failure (cancellation of the request does propagate).</summary>
    public ValueTask<RateLimitDecision> DecideAsync(RatePolicy policy, string partition, int permits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = _clock.GetUtcNow();
        return DecideAsync(policy, () => _redis.DecideAsync(policy, partition, permits, now), () => _local.Decide(policy, partition, permits, now), ct);
    }

    /// <summary>
    /// Admits one more distinct client id for an IP (see <see cref="RatePolicy.MaxClientIdsPerIp"/>).
    /// While Redis is unreachable every id is admitted: the per-IP quota, which the local limiter
    /// still counts, keeps rotating ids from buying more requests.
    /// </summary>
    public ValueTask<RateLimitDecision> AdmitClientIdAsync(RatePolicy policy, string ipPartition, string clientId, int maxIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DecideAsync(policy, () => _redis.AdmitClientIdAsync(policy, ipPartition, clientId, maxIds),
            () => new RateLimitDecision(true, maxIds, policy.Window, RateLimitStore.Local), ct);
    }

    private async ValueTask<RateLimitDecision> DecideAsync(RatePolicy policy, Func<Task<RateLimitDecision>> redis, Func<RateLimitDecision> local, CancellationToken ct)
    {
        if (ShouldTryRedis(out var probe))
        {
            var call = redis();
            try
            {
                var decision = await call.WaitAsync(_timeout, ct).ConfigureAwait(false);
                if (probe || IsFallingBack)
                {
                    Recovered();
                }

                return Count(policy, decision);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Failed(e);
            }
            finally
            {
                if (probe)
                {
                    Volatile.Write(ref _probing, 0);
                }

                // A call we stopped waiting for still ends some time; observe its failure so it is not reported as unobserved.
                if (!call.IsCompleted)
                {
                    _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        return Count(policy, local());
    }

    // Healthy: everyone uses Redis. Down: local until the retry time, then exactly one prober.
    private bool ShouldTryRedis(out bool probe)
    {
        probe = false;
        if (Volatile.Read(ref _down) == 0)
        {
            return true;
        }

        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _retryAt) || !_redis.IsConnected)
        {
            return false;
        }

        probe = Interlocked.CompareExchange(ref _probing, 1, 0) == 0;
        return probe;
    }

    private void Failed(Exception e)
    {
        Interlocked.Exchange(ref _retryAt, Stopwatch.GetTimestamp() + _retryTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogFallback(e.GetType().Name, e.Message);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogRecovered();
        }
    }

    private static RateLimitDecision Count(RatePolicy policy, RateLimitDecision decision)
    {
        if (Decisions.Enabled)
        {
            Decisions.Add(1,
                new KeyValuePair<string, object?>("policy", policy.Name),
                new KeyValuePair<string, object?>("result", decision.Allowed ? "allowed" : "limited"),
                new KeyValuePair<string, object?>("store", decision.Store == RateLimitStore.Redis ? "redis" : "local"));
        }

        return decision;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiting falls back to the local per-instance limiter: Redis failed ({ErrorType}: {Reason})")]
    private partial void LogFallback(string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limiting is back on Redis")]
    private partial void LogRecovered();
}
