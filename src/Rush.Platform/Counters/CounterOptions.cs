using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Counters;

/// <summary>Settings of the view counter flush (section <c>Counters</c>).</summary>
public sealed class CounterOptions
{
    /// <summary>How often each instance moves the views counted in Redis to Postgres.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most counters moved by one atomic swap (one Postgres transaction each).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>A flush claimed longer ago than this and still pending is taken as crashed and replayed by any instance (idempotently).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromMinutes(2);
}
