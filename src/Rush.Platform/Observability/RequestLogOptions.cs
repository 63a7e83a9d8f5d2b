using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Observability;

/// <summary>Which requests the request log writes a line for (section <c>Observability:RequestLog</c>).</summary>
/// <remarks>
/// A JSON line for every successful request cost more CPU than a cached read itself (issue 11, README
/// "Performance"), and the metrics already count every request. So a line is written for what someone
/// reads logs for: failures (status 400 and above, except 429, which the rate limiter's metrics count),
/// slow requests, and a configurable sample of the rest.
/// </remarks>
public sealed class RequestLogOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Observability:RequestLog";

    /// <summary>Requests taking at least this long are always logged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share (0 to 1) of the other requests (2xx, 3xx, 429) logged, chosen at random; 1 logs every request.</summary>
    [Range(0.0, 1.0)]
    public double SampleRate { get; set; }
}
