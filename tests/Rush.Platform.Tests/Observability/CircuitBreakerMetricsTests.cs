using OpenTelemetry;
using OpenTelemetry.Metrics;
using Polly;
using Polly.CircuitBreaker;
using Rush.Platform.Observability;
using Rush.Testing;

namespace Rush.Platform.Tests.Observability;

/// <summary>A real Polly breaker reporting into <c>rush.circuit_breaker.state</c>, read back through an OpenTelemetry meter provider (and the ops page's view).</summary>
public sealed class CircuitBreakerMetricsTests
{
    private static double StateOf(Exported collector, string breaker)
    {
        var exported = collector.Points("rush.circuit_breaker.state", breaker).Single().Value;
        Assert.Equal(exported, CircuitBreakerMetrics.States()[breaker]);
        return exported;
    }

    [Fact]
    public async Task A_polly_breaker_reports_closed_then_open_then_half_open_then_closed()
    {
        using var collector = new Exported();
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
        var transitions = collector.Points("rush.circuit_breaker.transitions", breaker).ToDictionary(p => p.State!, p => p.Value);
        Assert.Equal(1, transitions["open"]);
        Assert.Equal(1, transitions["half-open"]);
        Assert.Equal(1, transitions["closed"]);
    }

    /// <summary>The meter's points as an exporter sees them (cumulative), per breaker.</summary>
    private sealed class Exported : IDisposable
    {
        private readonly List<Metric> _metrics = [];
        private readonly MeterProvider _provider;

        public Exported() => _provider = Sdk.CreateMeterProviderBuilder().AddMeter(RushMeter.Name).AddInMemoryExporter(_metrics).Build();

        public IEnumerable<(string? State, double Value)> Points(string instrument, string breaker)
        {
            _metrics.Clear();
            _provider.ForceFlush();
            foreach (var metric in _metrics.Where(m => m.Name == instrument))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    string? name = null;
                    string? state = null;
                    foreach (var tag in point.Tags)
                    {
                        name = tag.Key == "breaker" ? tag.Value as string : name;
                        state = tag.Key == "state" ? tag.Value as string : state;
                    }

                    if (name == breaker)
                    {
                        yield return (state, metric.MetricType == MetricType.LongSum ? point.GetSumLong() : point.GetGaugeLastValueLong());
                    }
                }
            }
        }

        public void Dispose() => _provider.Dispose();
    }
}
