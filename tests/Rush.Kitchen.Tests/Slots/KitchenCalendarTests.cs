using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Tests.Slots;

public sealed class KitchenCalendarTests
{
    private static KitchenOptions Options(string hours = "00:00-24:00") => new()
    {
        TimeZone = "UTC",
        OpeningHours = Enum.GetValues<DayOfWeek>().ToDictionary(d => d.ToString(), _ => hours),
    };

    private static KitchenCalendar Calendar(KitchenOptions options)
    {
        var calendar = KitchenCalendar.Create(options, out var errors);
        Assert.Empty(errors);
        return calendar;
    }

    [Fact]
    public void First_candidate_is_the_next_slot_boundary()
    {
        var slots = Calendar(Options()).CandidateSlots(new DateTimeOffset(2026, 2, 6, 15, 7, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 2, 6, 15, 15, 0, TimeSpan.Zero), slots[0].Start);
        Assert.Equal(slots[0].Start.AddMinutes(15), slots[0].End);
        Assert.Equal(96, slots.Count);
        Assert.Equal(slots[0].Start.ToUnixTimeSeconds(), slots[0].Id);
    }

    [Fact]
    public void A_time_on_a_boundary_is_its_own_slot()
    {
        var at = new DateTimeOffset(2026, 2, 6, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(at, Calendar(Options()).CandidateSlots(at)[0].Start);
    }

    [Fact]
    public void Candidates_stop_at_closing_time()
    {
        var slots = Calendar(Options("11:00-23:00")).CandidateSlots(new DateTimeOffset(2026, 2, 6, 22, 10, 0, TimeSpan.Zero));

        Assert.Equal(["22:15", "22:30", "22:45"], slots.Select(s => s.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Closed_kitchen_has_no_candidates()
    {
        Assert.Empty(Calendar(Options("11:00-23:00")).CandidateSlots(new DateTimeOffset(2026, 2, 6, 8, 0, 0, TimeSpan.Zero)));
        Assert.Empty(Calendar(Options("closed")).CandidateSlots(new DateTimeOffset(2026, 2, 6, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Opening_hours_may_run_past_midnight()
    {
        var calendar = Calendar(Options("18:00-02:00"));

        var slots = calendar.CandidateSlots(new DateTimeOffset(2026, 2, 7, 1, 20, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 2, 7, 1, 30, 0, TimeSpan.Zero), slots[0].Start);
        Assert.Equal(2, slots.Count);
    }

    [Fact]
    public void Opening_hours_are_local_to_the_kitchen_time_zone()
    {
        var options = Options("11:00-23:00");
        options.TimeZone = "Europe/Moscow";

        // 07:50 UTC is 10:50 in Moscow: closed; 08:00 UTC is 11:00: open.
        Assert.Empty(Calendar(options).CandidateSlots(new DateTimeOffset(2026, 2, 6, 7, 50, 0, TimeSpan.Zero).AddMinutes(-15)));
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 8, 0, 0, TimeSpan.Zero), Calendar(options).CandidateSlots(new DateTimeOffset(2026, 2, 6, 7, 50, 0, TimeSpan.Zero))[0].Start);
    }

    [Fact]
    public void A_capacity_override_applies_to_its_time_range_only()
    {
        var options = Options();
        options.SlotCapacity = new SlotCapacityOptions { MaxPrice = 1000m, MaxMakeMinutes = 30 };
        options.CapacityOverrides = [new SlotCapacityOverride { From = "18:00", To = "21:00", Capacity = new SlotCapacityOptions { MaxPrice = 5000m, MaxMakeMinutes = 90 } }];

        var slots = Calendar(options).CandidateSlots(new DateTimeOffset(2026, 2, 6, 17, 45, 0, TimeSpan.Zero));

        Assert.Equal(new SlotAmounts(100_000, 30), slots[0].Limit);
        Assert.Equal(new SlotAmounts(500_000, 90), slots[1].Limit);
        Assert.Equal(new SlotAmounts(100_000, 30), slots[13].Limit);
    }

    [Fact]
    public void Every_wrong_setting_is_reported_with_its_key()
    {
        var options = Options();
        options.TimeZone = "Mars/Olympus";
        options.SlotMinutes = 7;
        options.OpeningHours["Friday"] = "late";
        options.OpeningHours.Remove("Sunday");
        options.SlotCapacity.MaxPrice = 0;

        KitchenCalendar.Create(options, out var errors);

        Assert.Contains(errors, e => e.Contains("Kitchen:TimeZone", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Kitchen:SlotMinutes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Kitchen:OpeningHours:Friday", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Kitchen:OpeningHours:Sunday", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Kitchen:SlotCapacity", StringComparison.Ordinal));
    }
}
