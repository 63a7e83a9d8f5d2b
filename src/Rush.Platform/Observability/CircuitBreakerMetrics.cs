using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Rush.Platform.Observability;

/// <summary>The state of every circuit breaker as a gauge (<c>rush_circuit_breaker_state</c>: 0 closed, 1 half-open, 2 open).</summary>
/// <remarks>
/// A breaker reports with <see cref="Report"/> at creation and on each transition; Polly breakers do it
/// through <see cref="WithStateMetrics{TResult}"/>. Tag <c>breaker</c> is the breaker's fixed name
/// (e.g. <c>payment-gateway</c>).
/// </remarks>
public static class CircuitBreakerMetrics
{
    /// <summary>Gauge value of a closed breaker.</summary>
    public const int Closed = 0;

    /// <summary>Gauge value of a half-open breaker (probing).</summary>
    public const int HalfOpen = 1;

    /// <summary>Gauge value of an open (or manually isolated) breaker.</summary>
    public const int Open = 2;

    // The gauge's last values, for the ops page: the exporter keeps its own and offers no read-back.
    private static readonly ConcurrentDictionary<string, int> Current = new(StringComparer.Ordinal);

    /// <summary>Current state per breaker.</summary>
    public static Gauge<int> State { get; } = RushMeter.Instance.CreateGauge<int>(
        "rush.circuit_breaker.state", null, "Circuit breaker state: 0 closed, 1 half-open, 2 open.");

    /// <summary>State changes (<c>rush_circuit_breaker_transitions_total</c>), tagged with the state entered.</summary>
    public static Counter<long> Transitions { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.circuit_breaker.transitions", "{transition}", "Circuit breaker state changes, by breaker and the state entered.");

    /// <summary>Reports <paramref name="breaker"/>'s state; call once at creation (closed) and on every change.</summary>
    public static void Report(string breaker, CircuitState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(breaker);
        var value = ValueOf(state);
        var tagBreaker = new KeyValuePair<string, object?>("breaker", breaker);
        Record(breaker, value);
        Transitions.Add(1, tagBreaker, new KeyValuePair<string, object?>("state", NameOf(value)));
    }

    /// <summary>Gauge value of a Polly state.</summary>
    public static int ValueOf(CircuitState state) => state switch
    {
        CircuitState.Closed => Closed,
        CircuitState.HalfOpen => HalfOpen,
        _ => Open,
    };

    /// <summary>Readable name of a gauge value (<c>closed</c>, <c>half-open</c>, <c>open</c>).</summary>
    public static string NameOf(int value) => value switch
    {
        Closed => "closed",
        HalfOpen => "half-open",
        _ => "open",
    };

    /// <summary>
    /// Makes a Polly breaker report its transitions (keeping any handlers already set) and reports it
    /// closed now, so the series exists before the first failure.
    /// </summary>
    public static CircuitBreakerStrategyOptions<TResult> WithStateMetrics<TResult>(this CircuitBreakerStrategyOptions<TResult> options, string breaker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(breaker);
        var opened = options.OnOpened;
        var closed = options.OnClosed;
        var halfOpened = options.OnHalfOpened;
        options.OnOpened = args =>
        {
            Report(breaker, args.IsManual ? CircuitState.Isolated : CircuitState.Open);
            return opened?.Invoke(args) ?? ValueTask.CompletedTask;
        };
        options.OnClosed = args =>
        {
            Report(breaker, CircuitState.Closed);
            return closed?.Invoke(args) ?? ValueTask.CompletedTask;
        };
        options.OnHalfOpened = args =>
        {
            Report(breaker, CircuitState.HalfOpen);
            return halfOpened?.Invoke(args) ?? ValueTask.CompletedTask;
        };
        Record(breaker, Closed);
        return options;
    }

    /// <summary>Every breaker that reported, with its current gauge value.</summary>
    public static IReadOnlyDictionary<string, int> States() => Current.ToDictionary(StringComparer.Ordinal);

    private static void Record(string breaker, int value)
    {
        Current[breaker] = value;
        State.Record(value, new KeyValuePair<string, object?>("breaker", breaker));
    }
}
