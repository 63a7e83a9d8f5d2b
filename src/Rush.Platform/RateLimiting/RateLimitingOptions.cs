using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.RateLimiting;

/// <summary>Rate limiting settings (section <c>RateLimiting</c>); policies are keyed by name.</summary>
public sealed class RateLimitingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RateLimiting";

    /// <summary>Off switch for the whole middleware (endpoints keep their policy names).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>CIDR ranges (or single addresses) whose requests are never limited, e.g. the kitchen's own network.</summary>
    public List<string> ExemptNetworks { get; set; } = [];

    /// <summary>Header a client names itself with for <see cref="RatePartitionBy.Client"/> policies.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,64}$")]
    public string ClientIdHeader { get; set; } = "X-Client-Id";

    /// <summary>Longest wait for Redis before the request is decided by the local limiter instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After a Redis failure, how long requests go straight to the local limiter before one probes Redis again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RedisRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The policies: those declared with <see cref="RateLimitingModule.AddRatePolicy"/> (with their defaults)
    /// plus any configuration adds; configuration changes a declared policy field by field.
    /// </summary>
    public Dictionary<string, RatePolicyOptions> Policies { get; set; } = new(StringComparer.Ordinal);
}
