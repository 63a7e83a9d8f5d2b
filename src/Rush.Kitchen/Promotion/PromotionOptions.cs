using System.ComponentModel.DataAnnotations;

namespace Rush.Kitchen.Promotion;

/// <summary>Settings of the visibleAt promoter (section <c>Promotion</c>).</summary>
public sealed class PromotionOptions
{
    /// <summary>How often each instance promotes the orders whose visibleAt has come.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most orders one script call moves (bounds the time Redis spends in it; the loop takes the rest at once).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
}
