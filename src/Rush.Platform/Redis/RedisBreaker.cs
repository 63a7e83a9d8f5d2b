using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Rush.Platform.Observability;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>The per-process Polly circuit breaker every Redis command and script goes through.</summary>
/// <remarks>
/// Why: with the connection up but Redis not answering (a stalled server, a half-dead failover), each
/// call would wait for the 3 s timeout; under a rush that is thousands of requests queued behind a dead
/// dependency. Once the failure ratio is reached the breaker fails calls at once with
/// <see cref="RedisUnavailableException"/>, so fallbacks (Postgres slots, local rate limiter, 503 for
/// holds) answer in microseconds. Only availability failures count (see <see cref="IsUnavailability"/>);
/// a script error or NOSCRIPT is Redis working, not Redis away. You normally do not call this type:
/// <see cref="RedisConnection.Database"/> is already guarded by it. Metric:
/// <c>rush_circuit_breaker_state{breaker="redis"}</c>, shown on /ops.
/// </remarks>
public sealed partial class RedisBreaker
{
    /// <summary>The breaker's name in metrics and on /ops.</summary>
    public const string Name = "redis";

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly ILogger _log;

    /// <summary>Builds the breaker.</summary>
    public RedisBreaker(RedisBreakerOptions options, TimeProvider clock, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _log = log;
        BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds);
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.SamplingSeconds),
            BreakDuration = BreakDuration,
            StateProvider = _state,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsUnavailability(e)),
            OnOpened = args =>
            {
                LogOpened(args.BreakDuration.TotalSeconds, args.Outcome.Exception?.GetType().Name);
                StateChanged?.Invoke(CircuitState.Open);
                return default;
            },
            OnHalfOpened = _ =>
            {
                StateChanged?.Invoke(CircuitState.HalfOpen);
                return default;
            },
            OnClosed = _ =>
            {
                LogClosed();
                StateChanged?.Invoke(CircuitState.Closed);
                return default;
            },
        };

        // Reports rush_circuit_breaker_state{breaker="redis"} on every transition (and closed now).
        _ = breaker.WithStateMetrics(Name);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }.AddCircuitBreaker(breaker).Build();
    }

    /// <summary>Raised (synchronously, keep it short) on every transition of the breaker.</summary>
    internal event Action<CircuitState>? StateChanged;

    /// <summary>Current state: closed (calls pass), open (calls rejected), half-open (one probe passes).</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>How long the breaker stays open before it lets a probe through.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>
    /// Runs <paramref name="call"/> through the breaker. Availability failures, and rejection by the open
    /// breaker, come out as <see cref="RedisUnavailableException"/>; any other exception unchanged.
    /// </summary>
    public async Task<T> ExecuteAsync<TState, T>(TState state, Func<TState, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (s, _) => await s.call(s.state).ConfigureAwait(false),
                (call, state)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            throw new RedisUnavailableException("Redis is unavailable (circuit breaker open).", e, e.RetryAfter ?? BreakDuration);
        }
        catch (Exception e) when (IsUnavailability(e) && e is not RedisUnavailableException)
        {
            throw new RedisUnavailableException("Redis is unavailable: " + e.Message, e);
        }
    }

    /// <summary>Runs a call that has no result through the breaker; see <see cref="ExecuteAsync{TState, T}"/>.</summary>
    public Task ExecuteAsync<TState>(TState state, Func<TState, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ExecuteAsync((state, call), static async s =>
        {
            await s.call(s.state).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// True for failures that mean "Redis cannot serve now" rather than "this call was wrong": no
    /// connection, timeouts, a server still loading its AOF, a demoted master (READONLY) or a replica
    /// that lost its master (MASTERDOWN).
    /// </summary>
    public static bool IsUnavailability(Exception exception) => exception switch
    {
        RedisUnavailableException or RedisConnectionException or TimeoutException or ObjectDisposedException => true,
        RedisServerException s => s.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || s.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis circuit breaker opened for {BreakSeconds} s after {Failure}; Redis calls fail fast until a probe succeeds")]
    private partial void LogOpened(double breakSeconds, string? failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis circuit breaker closed: a probe succeeded")]
    private partial void LogClosed();
}
