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

    /// <summary>
    /// <see cref="RatePartitionBy.Client"/> policies: requests per window of one IP across every
    /// <c>X-Client-Id</c> it sends (anonymous callers), so rotating ids buys no extra quota. Null: no cap.
    /// </summary>
    public int? IpPermitLimit { get; set; }

    /// <summary><see cref="RatePartitionBy.Client"/> policies: distinct <c>X-Client-Id</c> values one IP may use per window. Null: no cap.</summary>
    public int? MaxClientIdsPerIp { get; set; }

    /// <summary><see cref="RatePartitionBy.Client"/> policies: the quota of an API client (a till signed in with its key); null: <see cref="PermitLimit"/>.</summary>
    public int? ApiClientPermitLimit { get; set; }

    /// <summary>Requests one IP may make without signing in per <see cref="AnonymousIpWindow"/> (e.g. orders per day). Null: no cap.</summary>
    public int? AnonymousIpLimit { get; set; }

    /// <summary>Window of <see cref="AnonymousIpLimit"/> (whole seconds, 1 s to 1 day).</summary>
    public TimeSpan AnonymousIpWindow { get; set; } = TimeSpan.FromDays(1);
}
