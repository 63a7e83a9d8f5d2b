namespace Rush.Kitchen.Slots;

/// <summary>
/// One amount per slot capacity dimension: an order's demand, a slot's load or a slot's limit.
/// The dimensions and how scripts store them are <see cref="SlotCapacityRule.Dimensions"/>.
/// </summary>
/// <param name="PriceMinor">Price in minor units (kopecks): the seed's <c>max_capacity</c> dimension.</param>
/// <param name="Minutes">Make-time minutes (kitchen reality).</param>
public readonly record struct SlotAmounts(long PriceMinor, long Minutes)
{
    /// <summary>The amount of dimension <paramref name="index"/> of <see cref="SlotCapacityRule.Dimensions"/>.</summary>
    public long this[int index] => index switch
    {
        0 => PriceMinor,
        1 => Minutes,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Builds amounts from one value per dimension, in <see cref="SlotCapacityRule.Dimensions"/> order.</summary>
    public static SlotAmounts FromDimensions(ReadOnlySpan<long> values) =>
        values.Length == SlotCapacityRule.Dimensions.Count
            ? new SlotAmounts(values[0], values[1])
            : throw new ArgumentException($"Expected {SlotCapacityRule.Dimensions.Count} values.", nameof(values));
}
