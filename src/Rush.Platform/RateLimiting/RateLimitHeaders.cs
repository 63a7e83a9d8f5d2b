using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.RateLimiting;

/// <summary>
/// The IETF RateLimit fields as of draft-ietf-httpapi-ratelimit-headers-09 (March 2025):
/// <c>RateLimit-Policy: "menu";q=10;w=60</c> (quota, window seconds) and
/// <c>RateLimit: "menu";r=7;t=42</c> (remaining quota, seconds until it resets), plus
/// <c>Retry-After</c> (seconds) on a refusal. Policy names are Structured Field Strings.
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>Name of the policy field.</summary>
    public const string PolicyHeader = "RateLimit-Policy";

    /// <summary>Name of the current-limit field.</summary>
    public const string LimitHeader = "RateLimit";

    /// <summary>The <c>RateLimit</c> field value for a decision.</summary>
    public static string Limit(RatePolicy policy, RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return string.Create(CultureInfo.InvariantCulture, $"\"{policy.Name}\";r={decision.Remaining};t={Seconds(decision.Reset)}");
    }

    /// <summary>Whole seconds, rounded up (a client that waits that long is not early), at least 1.</summary>
    public static long Seconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalSeconds));

    /// <summary>Sets both fields (and Retry-After when refused) on a response that has not started.</summary>
    public static void Apply(HttpResponse response, RatePolicy policy, RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(policy);
        if (response.HasStarted)
        {
            return;
        }

        response.Headers[PolicyHeader] = policy.PolicyHeader;
        response.Headers[LimitHeader] = Limit(policy, decision);
        if (!decision.Allowed)
        {
            response.Headers.RetryAfter = Seconds(decision.Reset).ToString(CultureInfo.InvariantCulture);
        }
    }
}
