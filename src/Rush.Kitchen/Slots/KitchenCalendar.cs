using System.Globalization;

namespace Rush.Kitchen.Slots;

/// <summary>Opening hours, slot boundaries and capacities: which slots a new order may use.</summary>
/// <remarks>
/// Pure logic, no servers. Slots are aligned on multiples of the slot length since the Unix epoch,
/// which equals local alignment for every real time-zone offset (all are multiples of 15 minutes).
/// A slot is open when it lies wholly inside an opening period of its day or of the day before
/// (periods may run past midnight).
/// </remarks>
public sealed class KitchenCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DayOfWeek, (TimeSpan Open, TimeSpan Close)?> _hours;
    private readonly TimeSpan _slot;
    private readonly SlotCapacityOptions _capacity;
    private readonly List<(HashSet<DayOfWeek> Days, TimeSpan From, TimeSpan To, SlotCapacityOptions Capacity)> _overrides;

    private KitchenCalendar(KitchenOptions options, TimeZoneInfo zone, Dictionary<DayOfWeek, (TimeSpan, TimeSpan)?> hours,
        List<(HashSet<DayOfWeek>, TimeSpan, TimeSpan, SlotCapacityOptions)> overrides)
    {
        _zone = zone;
        _hours = hours;
        _slot = TimeSpan.FromMinutes(options.SlotMinutes);
        _capacity = options.SlotCapacity;
        _overrides = overrides;
        VisibleBefore = TimeSpan.FromMinutes(options.VisibleBeforeMinutes);
        DaysAhead = options.DaysAhead;
    }

    /// <summary>How long before its slot an order becomes visible to the kitchen.</summary>
    public TimeSpan VisibleBefore { get; }

    /// <summary>How many days ahead a time may be requested.</summary>
    public int DaysAhead { get; }

    /// <summary>The kitchen's time zone.</summary>
    public TimeZoneInfo Zone => _zone;

    /// <summary>Builds the calendar or returns every setting that is wrong, each naming its key.</summary>
    public static KitchenCalendar Create(KitchenOptions options, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        errors = [];
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"Kitchen:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (options.SlotMinutes is < 5 or > 120 || 1440 % options.SlotMinutes != 0)
        {
            errors.Add("Kitchen:SlotMinutes must divide a day and lie between 5 and 120.");
        }

        var hours = new Dictionary<DayOfWeek, (TimeSpan, TimeSpan)?>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            if (!options.OpeningHours.TryGetValue(day.ToString(), out var text))
            {
                errors.Add($"Kitchen:OpeningHours:{day} is missing (use \"HH:mm-HH:mm\" or \"closed\").");
                continue;
            }

            hours[day] = ParseHours(text, day, errors);
        }

        CheckCapacity(options.SlotCapacity, "Kitchen:SlotCapacity", errors);
        var overrides = new List<(HashSet<DayOfWeek>, TimeSpan, TimeSpan, SlotCapacityOptions)>();
        for (var i = 0; i < options.CapacityOverrides.Count; i++)
        {
            var o = options.CapacityOverrides[i];
            var key = $"Kitchen:CapacityOverrides:{i}";
            if (TryParseTime(o.From, out var from) && TryParseTime(o.To, out var to) && from < to)
            {
                overrides.Add(([.. o.Days], from, to, o.Capacity));
            }
            else
            {
                errors.Add($"{key}: From/To must be \"HH:mm\" with From < To.");
            }

            CheckCapacity(o.Capacity, $"{key}:Capacity", errors);
        }

        if (options.VisibleBeforeMinutes is < 0 or > 24 * 60)
        {
            errors.Add("Kitchen:VisibleBeforeMinutes must lie between 0 and 1440.");
        }

        if (options.DaysAhead is < 0 or > 60)
        {
            errors.Add("Kitchen:DaysAhead must lie between 0 and 60.");
        }

        if (options.ReservationTimeout < TimeSpan.FromSeconds(1) || options.ReservationTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("Kitchen:ReservationTimeout must lie between 00:00:01 and 00:10:00.");
        }

        return new KitchenCalendar(options, zone, hours, overrides);
    }

    /// <summary>The start of the first slot beginning at or after <paramref name="time"/>.</summary>
    public DateTimeOffset FirstSlotStartAtOrAfter(DateTimeOffset time)
    {
        var slotTicks = _slot.Ticks;
        var sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var aligned = (sinceEpoch + slotTicks - 1) / slotTicks * slotTicks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + aligned, TimeSpan.Zero);
    }

    /// <summary>
    /// The slots an order may take, earliest first: from the first slot at or after
    /// <paramref name="from"/> through the end of that opening period (at most one day).
    /// Empty when the kitchen is closed for that first slot.
    /// </summary>
    public IReadOnlyList<SlotWindow> CandidateSlots(DateTimeOffset from)
    {
        var slots = new List<SlotWindow>();
        var start = FirstSlotStartAtOrAfter(from);
        var limit = start.AddDays(1);
        while (start < limit && IsOpen(start, start + _slot))
        {
            var capacity = CapacityAt(start);
            slots.Add(new SlotWindow(start, start + _slot, SlotCapacityRule.LimitOf(capacity)));
            start += _slot;
        }

        return slots;
    }

    /// <summary>The kitchen-local calendar date of a moment (the "today" of display ids).</summary>
    public DateOnly LocalDate(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, _zone).DateTime);

    /// <summary>Converts a price to minor units (kopecks), the unit of slot loads in Redis.</summary>
    public static long ToMinor(decimal price) => (long)decimal.Round(price * 100m, MidpointRounding.AwayFromZero);

    private bool IsOpen(DateTimeOffset startUtc, DateTimeOffset endUtc)
    {
        var start = TimeZoneInfo.ConvertTime(startUtc, _zone).DateTime;
        var end = start + (endUtc - startUtc);
        return IsInside(start.Date, start, end) || IsInside(start.Date.AddDays(-1), start, end);
    }

    private bool IsInside(DateTime day, DateTime start, DateTime end)
    {
        if (_hours.GetValueOrDefault(day.DayOfWeek) is not { } hours)
        {
            return false;
        }

        var open = day + hours.Open;
        var close = day + (hours.Close > hours.Open ? hours.Close : hours.Close + TimeSpan.FromDays(1));
        return start >= open && end <= close;
    }

    private SlotCapacityOptions CapacityAt(DateTimeOffset startUtc)
    {
        var local = TimeZoneInfo.ConvertTime(startUtc, _zone).DateTime;
        foreach (var (days, from, to, capacity) in _overrides)
        {
            if ((days.Count == 0 || days.Contains(local.DayOfWeek)) && local.TimeOfDay >= from && local.TimeOfDay < to)
            {
                return capacity;
            }
        }

        return _capacity;
    }

    private static (TimeSpan, TimeSpan)? ParseHours(string text, DayOfWeek day, List<string> errors)
    {
        if (string.Equals(text.Trim(), "closed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TryParseTime(parts[0], out var open) && TryParseTime(parts[1], out var close) && open != close && open < TimeSpan.FromDays(1))
        {
            return (open, close);
        }

        errors.Add($"Kitchen:OpeningHours:{day} '{text}' must be \"HH:mm-HH:mm\" (close may be 24:00 or past midnight) or \"closed\".");
        return null;
    }

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = TimeSpan.FromDays(1);
            return true;
        }

        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time);
    }

    private static void CheckCapacity(SlotCapacityOptions capacity, string key, List<string> errors)
    {
        if (capacity.MaxPrice <= 0 || capacity.MaxMakeMinutes <= 0)
        {
            errors.Add($"{key}: MaxPrice and MaxMakeMinutes must be positive.");
        }
    }
}
