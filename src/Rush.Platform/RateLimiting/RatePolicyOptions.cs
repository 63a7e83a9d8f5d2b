using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.RateLimiting;

/// <summary>One named policy (<c>RateLimiting:Policies:{name}</c>).</summary>
public sealed class RatePolicyOptions
{
    /// <summary>Fixed or sliding window.</summary>
    public RateWindowKind Kind { get; set; } = RateWindowKind.Fixed;

    /// <summary>Requests allowed per window and partition.</summary>
    [Range(1, 100_000_000)]
    public int PermitLimit { get; set; } = 100;

    /// <summary>Length of the window (whole seconds, 1 s to 1 day).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whose requests share one quota.</summary>
    public RatePartitionBy PartitionBy { get; set; } = RatePartitionBy.Ip;
}
