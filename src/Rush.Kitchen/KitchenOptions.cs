namespace Rush.Kitchen;

/// <summary>How the kitchen works (section <c>Kitchen</c>); validated at start-up by <see cref="KitchenOptionsValidator"/>.</summary>
public sealed class KitchenOptions
{
    /// <summary>IANA time zone of the kitchen; opening hours and "today" are in this zone.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Opening hours per weekday ("Monday": "11:00-23:00", "closed", or "18:00-02:00" past midnight).</summary>
    public Dictionary<string, string> OpeningHours { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Monday"] = "00:00-24:00",
        ["Tuesday"] = "00:00-24:00",
        ["Wednesday"] = "00:00-24:00",
        ["Thursday"] = "00:00-24:00",
        ["Friday"] = "00:00-24:00",
        ["Saturday"] = "00:00-24:00",
        ["Sunday"] = "00:00-24:00",
    };

    /// <summary>Length of a kitchen slot in minutes (seed: 15).</summary>
    public int SlotMinutes { get; set; } = 15;

    /// <summary>Capacity of a slot unless an override matches.</summary>
    public SlotCapacityOptions SlotCapacity { get; set; } = new();

    /// <summary>Per-time-of-day capacities (e.g. more cooks during the dinner rush).</summary>
    public List<SlotCapacityOverride> CapacityOverrides { get; set; } = [];

    /// <summary>An order appears on the screens this long before its slot starts (seed: 30).</summary>
    public int VisibleBeforeMinutes { get; set; } = 30;

    /// <summary>How many days ahead a customer may ask for a time.</summary>
    public int DaysAhead { get; set; } = 2;

    /// <summary>
    /// How long reserved slot capacity may wait for its order to be committed; afterwards the
    /// order is refused and the reaper returns the capacity.
    /// </summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Currency of menu prices (informational; prices are decimals).</summary>
    public string Currency { get; set; } = "RUB";

    /// <summary>
    /// Anyone may place an order (a public web shop; seed 001's example request works as written). When
    /// false, order intake (REST and gRPC) takes API keys only (<c>X-Api-Key</c>, role <c>till</c>).
    /// </summary>
    public bool AnonymousOrdering { get; set; } = true;

    /// <summary>Secret of the order access tokens (<see cref="Orders.OrderAccessToken"/>); from the environment, at least 32 characters.</summary>
    public string OrderAccessSecret { get; set; } = "";
}

/// <summary>How much one slot can take: by price sum (seed) and by make-time minutes (kitchen reality).</summary>
public sealed class SlotCapacityOptions
{
    /// <summary>Largest sum of order prices per slot, in currency units (seed's <c>max_capacity</c>).</summary>
    public decimal MaxPrice { get; set; } = 30_000m;

    /// <summary>Largest sum of make-time minutes per slot (e.g. 4 cooks x 15 minutes x 2 ovens).</summary>
    public int MaxMakeMinutes { get; set; } = 120;
}

/// <summary>A capacity that applies to slots starting in a local time range, optionally on some days.</summary>
public sealed class SlotCapacityOverride
{
    /// <summary>Weekdays it applies to; empty means every day.</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Local start (inclusive), "HH:mm".</summary>
    public string From { get; set; } = "00:00";

    /// <summary>Local end (exclusive), "HH:mm" or "24:00".</summary>
    public string To { get; set; } = "24:00";

    /// <summary>The capacity for matching slots.</summary>
    public SlotCapacityOptions Capacity { get; set; } = new();
}
