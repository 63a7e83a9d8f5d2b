using System.Diagnostics;

namespace Rush.Platform.Observability;

/// <summary>A call to a dependency being timed; end it with <see cref="Succeeded"/> or <see cref="Failed"/>.</summary>
/// <example>
/// <code>
/// var call = DependencyCall.Start("redis", "slot-reserve.lua");
/// try { var result = await ...; call.Succeeded(); return result; }
/// catch { call.Failed(); throw; }
/// </code>
/// </example>
public readonly record struct DependencyCall(string Dependency, string Operation, long StartedAt)
{
    /// <summary>Starts timing a call.</summary>
    public static DependencyCall Start(string dependency, string operation) => new(dependency, operation, Stopwatch.GetTimestamp());

    /// <summary>The call answered.</summary>
    public void Succeeded() => DependencyMetrics.Record(Dependency, Operation, Stopwatch.GetElapsedTime(StartedAt), failed: false);

    /// <summary>The call failed (error, timeout, cancellation).</summary>
    public void Failed() => DependencyMetrics.Record(Dependency, Operation, Stopwatch.GetElapsedTime(StartedAt), failed: true);
}
