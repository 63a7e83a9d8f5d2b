using Rush.Platform.Observability;

namespace Rush.Platform.Tests.Observability;

public sealed class HistogramQuantileTests
{
    private static readonly double[] Bounds = [0.1, 0.5, 1];

    [Fact]
    public void Nothing_observed_has_no_quantile() => Assert.Null(HistogramQuantile.Estimate(Bounds, [0, 0, 0, 0], 0.95));

    [Fact]
    public void The_quantile_is_interpolated_inside_its_bucket()
    {
        // 10 in (0, 0.1], 90 in (0.5, 1]: rank 95 is 85/90 of the way through (0.5, 1].
        var p95 = HistogramQuantile.Estimate(Bounds, [10, 0, 90, 0], 0.95);

        Assert.Equal(0.5 + (0.5 * 85 / 90), p95!.Value, 9);
    }

    [Fact]
    public void A_quantile_in_the_inf_bucket_is_the_highest_finite_bound() =>
        Assert.Equal(1, HistogramQuantile.Estimate(Bounds, [1, 0, 0, 99], 0.95));

    [Fact]
    public void The_median_of_the_first_bucket_starts_from_zero() =>
        Assert.Equal(0.05, HistogramQuantile.Estimate(Bounds, [4, 0, 0, 0], 0.5)!.Value, 9);
}
