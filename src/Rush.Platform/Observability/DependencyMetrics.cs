using System.Diagnostics.Metrics;

namespace Rush.Platform.Observability;

/// <summary>Calls to the things Rush depends on (postgres, redis, rabbitmq, gateway): duration and failures.</summary>
/// <remarks>
/// Tags: <c>dependency</c> (one of the names above) and <c>operation</c> (a fixed, small set per
/// dependency: a script name, <c>order_commit</c>, <c>publish</c>; never a key or an id).
/// Use <see cref="DependencyCall.Start"/> around a call.
/// </remarks>
public static class DependencyMetrics
{
    /// <summary>Buckets from 100 µs (a Redis round trip) to 10 s (a hung gateway).</summary>
    public static IReadOnlyList<double> Buckets { get; } = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Call duration, successful or not (<c>rush_dependency_call_duration_seconds</c>).</summary>
    public static Histogram<double> Duration { get; } = RushMeter.Instance.CreateHistogram(
        "rush.dependency.call.duration", "s", "Duration of calls to a dependency in seconds, by dependency and operation.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    /// <summary>Calls that failed (<c>rush_dependency_call_failures_total</c>).</summary>
    public static Counter<long> Failures { get; } = RushMeter.Instance.CreateCounter<long>(
        "rush.dependency.call.failures", "{call}", "Calls to a dependency that failed, by dependency and operation.");

    /// <summary>1 when the dependency's health check passed last time, else 0 (<c>rush_dependency_up</c>).</summary>
    public static Gauge<int> Up { get; } = RushMeter.Instance.CreateGauge<int>(
        "rush.dependency.up", null, "1 when the dependency's last health check was healthy, 0 when degraded or unhealthy.");

    /// <summary>Records one finished call.</summary>
    public static void Record(string dependency, string operation, TimeSpan elapsed, bool failed)
    {
        var tagDependency = new KeyValuePair<string, object?>("dependency", dependency);
        var tagOperation = new KeyValuePair<string, object?>("operation", operation);
        Duration.Record(elapsed.TotalSeconds, tagDependency, tagOperation);
        if (failed)
        {
            Failures.Add(1, tagDependency, tagOperation);
        }
    }
}
