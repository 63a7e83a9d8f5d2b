using Polly;
using Polly.CircuitBreaker;
using Rush.Platform.Observability;
using Rush.Testing;

namespace Rush.Platform.Tests.Observability;

/// <summary>A real Polly breaker reporting into <c>rush_circuit_breaker_state</c>, read back through the exporter's collector.</summary>
public sealed class CircuitBreakerMetricsTests
{
    private static double StateOf(MetricsCollector collector, string breaker) =>
        collector.Find("rush_circuit_breaker_state")!.Series.Single(s => s.Label("breaker") == breaker).Value;

    [Fact]
    public async Task A_polly_breaker_reports_closed_then_open_then_half_open_then_closed()
    {
        using var collector = new MetricsCollector([RushMeter.Name]);
        var breaker = "test-" + Guid.NewGuid().ToString("N")[..8];
        var time = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var called = 0;
        var pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(5),
                ShouldHandle = new PredicateBuilder<int>().Handle<TimeoutException>(),
                OnOpened = _ =>
                {
                    called++;
                    return ValueTask.CompletedTask;
                },
            }.WithStateMetrics(breaker))
            .Build();
        Assert.Equal(CircuitBreakerMetrics.Closed, StateOf(collector, breaker));

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(async () => await pipeline.ExecuteAsync<int>(_ => throw new TimeoutException()));
        }

        Assert.Equal(CircuitBreakerMetrics.Open, StateOf(collector, breaker));
        Assert.Equal(1, called);

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)));

        Assert.Equal(CircuitBreakerMetrics.Closed, StateOf(collector, breaker));
        var transitions = collector.Find("rush_circuit_breaker_transitions_total")!.Series.Where(s => s.Label("breaker") == breaker).ToDictionary(s => s.Label("state")!, s => s.Value);
        Assert.Equal(1, transitions["open"]);
        Assert.Equal(1, transitions["half-open"]);
        Assert.Equal(1, transitions["closed"]);
    }
}
