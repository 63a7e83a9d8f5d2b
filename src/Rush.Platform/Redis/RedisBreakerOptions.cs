using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Redis;

/// <summary>Settings of the per-process Redis circuit breaker (section <c>Redis:Breaker</c>).</summary>
/// <remarks>
/// Polly's breaker opens on a failure ratio over a sampling window: with the defaults, when at least
/// 10 Redis calls in the last 5 s were made and half of them failed for an availability reason
/// (connection lost, timeout, LOADING/READONLY/MASTERDOWN). It then rejects every call at once for
/// <see cref="BreakSeconds"/>, lets one call through as a probe (half-open), and closes when it succeeds.
/// See docs/architecture.md, "Redis failure".
/// </remarks>
public sealed class RedisBreakerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Redis:Breaker";

    /// <summary>Share of failed calls in the window that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before the ratio is judged (a single failure never opens it).</summary>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Length of the sampling window.</summary>
    [Range(0.5, 600)]
    public double SamplingSeconds { get; set; } = 5;

    /// <summary>How long the breaker stays open before the next probe.</summary>
    [Range(0.5, 600)]
    public double BreakSeconds { get; set; } = 2;
}
