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

    /// <summary>Anonymous callers: one quota per IP over all the client ids it sends (<c>{name}-ip</c>), or null.</summary>
    public RatePolicy? IpCap { get; init; }

    /// <summary>Anonymous callers: most distinct client ids per IP and window, or null.</summary>
    public int? MaxClientIdsPerIp { get; init; }

    /// <summary>Anonymous callers: the per-IP cap over a longer window, e.g. orders per day (<c>{name}-anon</c>), or null.</summary>
    public RatePolicy? AnonymousCap { get; init; }

    /// <summary>The policy an API client (a till's key) is limited by: its own, usually larger, quota.</summary>
    public RatePolicy ApiClient => _apiClient ?? this;

    private RatePolicy? _apiClient;

    /// <summary>Builds the policy <paramref name="name"/> from its (validated) settings.</summary>
    public static RatePolicy From(string name, RatePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = options.PartitionBy == RatePartitionBy.Client;
        return new RatePolicy(name, options.Kind, options.PermitLimit, options.Window, options.PartitionBy)
        {
            IpCap = client && options.IpPermitLimit is { } ip ? new RatePolicy(name + "-ip", options.Kind, ip, options.Window, RatePartitionBy.Ip) : null,
            MaxClientIdsPerIp = client ? options.MaxClientIdsPerIp : null,
            AnonymousCap = options.AnonymousIpLimit is { } anon
                ? new RatePolicy(name + "-anon", RateWindowKind.Fixed, anon, options.AnonymousIpWindow, RatePartitionBy.Ip)
                : null,
            _apiClient = client && options.ApiClientPermitLimit is { } api
                ? new RatePolicy(name, options.Kind, api, options.Window, RatePartitionBy.Client)
                : null,
        };
    }

    /// <summary>
    /// The Redis key of a partition's counter: <c>rate:{policy}:{partition}</c>, e.g. <c>rate:menu:ip:127.0.0.1</c>
    /// (seed 004's <c>rate:{ip}</c> with the policy name, so two policies never share a counter).
    /// </summary>
    public string Key(string partition) => "rate:" + Name + ":" + partition;
}
