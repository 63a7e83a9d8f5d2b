using System.Globalization;

namespace Rush.Platform.RateLimiting;

/// <summary>A validated, immutable policy as the limiters use it.</summary>
/// <param name="Name">Policy name: part of the Redis key and of the RateLimit headers.</param>
/// <param name="Kind">Fixed or sliding window.</param>
/// <param name="PermitLimit">Requests allowed per window and partition.</param>
/// <param name="Window">Window length (whole seconds).</param>
/// <param name="PartitionBy">Whose requests share one quota.</param>
public sealed record RatePolicy(string Name, RateWindowKind Kind, int PermitLimit, TimeSpan Window, RatePartitionBy PartitionBy)
{
    /// <summary>The <c>RateLimit-Policy</c> field value (draft-ietf-httpapi-ratelimit-headers-09), computed once.</summary>
    public string PolicyHeader { get; } = string.Create(CultureInfo.InvariantCulture, $"\"{Name}\";q={PermitLimit};w={(long)Window.TotalSeconds}");

    /// <summary>Window length in milliseconds, as the Lua scripts take it.</summary>
    public long WindowMilliseconds => (long)Window.TotalMilliseconds;

    /// <summary>Builds the policy <paramref name="name"/> from its (validated) settings.</summary>
    public static RatePolicy From(string name, RatePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RatePolicy(name, options.Kind, options.PermitLimit, options.Window, options.PartitionBy);
    }

    /// <summary>
    /// The Redis key of a partition's counter: <c>rate:{policy}:{partition}</c>, e.g. <c>rate:menu:ip:127.0.0.1</c>
    /// (seed 004's <c>rate:{ip}</c> with the policy name, so two policies never share a counter).
    /// </summary>
    public string Key(string partition) => "rate:" + Name + ":" + partition;
}
