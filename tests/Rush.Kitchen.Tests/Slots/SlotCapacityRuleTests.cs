using Rush.Kitchen.Orders;
using Rush.Kitchen.Slots;
using StackExchange.Redis;

namespace Rush.Kitchen.Tests.Slots;

/// <summary>The capacity rule without servers: what fits, and the arguments the Lua scripts get from it.</summary>
public sealed class SlotCapacityRuleTests
{
    private static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly SlotAmounts Limit = new(3_000_000, 120);

    [Fact]
    public void An_order_fits_when_every_dimension_stays_within_its_limit_inclusive()
    {
        Assert.True(SlotCapacityRule.Fits(new SlotAmounts(2_900_000, 100), new SlotAmounts(100_000, 20), Limit));
        Assert.False(SlotCapacityRule.Fits(new SlotAmounts(2_900_000, 100), new SlotAmounts(100_001, 20), Limit));
        Assert.False(SlotCapacityRule.Fits(new SlotAmounts(2_900_000, 100), new SlotAmounts(100_000, 21), Limit));
    }

    [Fact]
    public void An_order_larger_than_an_empty_slot_in_any_dimension_is_too_large()
    {
        Assert.True(SlotCapacityRule.FitsEmpty(Limit, Limit));
        Assert.False(SlotCapacityRule.FitsEmpty(new SlotAmounts(1, 121), Limit));
        Assert.False(SlotCapacityRule.FitsEmpty(new SlotAmounts(3_000_001, 1), Limit));
    }

    [Fact]
    public void Utilisation_is_the_fuller_dimension()
    {
        Assert.Equal(0.75, SlotCapacityRule.Utilisation(new SlotAmounts(1_500_000, 90), Limit));
        Assert.Equal(0.5, SlotCapacityRule.Utilisation(new SlotAmounts(1_500_000, 30), Limit));
    }

    [Fact]
    public void Demand_is_the_price_in_minor_units_and_the_make_minutes_of_the_lines()
    {
        OrderItem[] items =
        [
            new("classic", "Классическая", 2, [], 962m, 1_924m, 24, "oven", []),
            new("margherita", "Маргарита", 1, [], 599.5m, 599.5m, 10, "oven", []),
        ];

        Assert.Equal(new SlotAmounts(252_350, 34), SlotCapacityRule.DemandOf(items, 2_523.5m));
    }

    [Fact]
    public void A_configured_capacity_becomes_a_limit_in_minor_units()
    {
        Assert.Equal(new SlotAmounts(3_000_050, 90), SlotCapacityRule.LimitOf(new SlotCapacityOptions { MaxPrice = 30_000.5m, MaxMakeMinutes = 90 }));
    }

    [Fact]
    public void Reserve_arguments_carry_key_prefixes_dimensions_demand_and_limits_as_runs()
    {
        var orderId = Guid.Parse("01a200fb-c322-7c1a-9152-51a3c053198c");
        var small = new SlotAmounts(100_000, 30);
        SlotWindow[] candidates =
        [
            Window(0, small), Window(1, small), Window(2, Limit), Window(3, small),
        ];

        var args = SlotCapacityRule.ReserveArgs(orderId, new SlotAmounts(96_200, 12), TenAm.AddSeconds(30), TenAm, candidates);

        RedisValue[] expected =
        [
            orderId.ToString(), TenAm.AddSeconds(30).ToUnixTimeMilliseconds(), "51a3c053198c", TenAm.ToUnixTimeSeconds(),
            TenAm.ToUnixTimeSeconds(), 900, 4, "2:100000:30;1:3000000:120;1:100000:30;",
            "slot:", 7200, 86400, 172800,
            2, "price", "", "max_capacity", "minutes", "minutes_load", "max_minutes",
            96_200, 12,
        ];
        Assert.Equal(expected.Select(v => v.ToString()), args.Select(v => v.ToString()));
    }

    [Fact]
    public void Release_arguments_name_the_dimensions_in_the_same_order_as_reserve()
    {
        var orderId = Guid.CreateVersion7();

        var args = SlotCapacityRule.ReleaseArgs(orderId);

        Assert.Equal([orderId.ToString(), "slot:", "2", "price", "", "max_capacity", "minutes", "minutes_load", "max_minutes"],
            args.Select(v => v.ToString()));
    }

    [Fact]
    public void Keys_follow_the_seed_layout()
    {
        var orderId = Guid.CreateVersion7();

        Assert.Equal("slot:1770372000", SlotKeys.SlotId(1_770_372_000));
        Assert.Equal("slot:1770372000:info", SlotKeys.Info(1_770_372_000));
        Assert.Equal("slot:1770372000:orders", SlotKeys.Orders(1_770_372_000));
        Assert.Equal("slot:1770372000", SlotKeys.Load(1_770_372_000, SlotCapacityRule.Dimensions[0]));
        Assert.Equal("slot:1770372000:info", SlotKeys.Load(1_770_372_000, SlotCapacityRule.Dimensions[1]));
        Assert.Equal($"order:slot:{orderId}", SlotKeys.Reservation(orderId));
        Assert.Equal("kitchen:display_ids:20260206", SlotKeys.DisplayIds(new DateOnly(2026, 2, 6)));
    }

    private static SlotWindow Window(int index, SlotAmounts limit) =>
        new(TenAm.AddMinutes(15 * index), TenAm.AddMinutes(15 * (index + 1)), limit);
}
