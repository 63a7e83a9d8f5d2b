namespace Rush.Ticketing.Seeding;

/// <summary>Event 1 of seed 002: the stadium concert whose 100,000 seats go on sale in the rush.</summary>
public static class StadiumConcert
{
    /// <summary>Its event id (the seed's examples book event 1).</summary>
    public const long EventId = 1;

    /// <summary>Title, in both catalogue languages.</summary>
    public const string Title = "Rush Live: большой концерт на стадионе / stadium concert";

    /// <summary>Description, in both catalogue languages.</summary>
    public const string Description =
        "Главный концерт года на Астана Арене: пять зон, 100 000 мест, шоу света и звука. "
        + "The concert of the year at Astana Arena: five zones, 100,000 seats, a full light and sound show.";

    /// <summary>The five zones of the issue, cheapest first; prices in tenge.</summary>
    public static IReadOnlyList<SeatZone> Zones { get; } =
    [
        new("Golden circle", 50, 200, 40_000m),
        new("Fan zone", 75, 200, 80_000m),
        new("Lower tier", 100, 200, 120_000m),
        new("Middle tier", 125, 200, 160_000m),
        new("Upper tier", 150, 200, 200_000m),
    ];

    /// <summary>All seats of the concert.</summary>
    public static int TotalSeats => Zones.Sum(z => z.Seats);

    /// <summary>When the concert takes place, given the moment it is first seeded: 90 days later, 19:00 in Astana (UTC+5).</summary>
    public static DateTimeOffset DateFrom(DateTimeOffset seededAt)
    {
        var day = seededAt.ToOffset(TimeSpan.FromHours(5)).Date.AddDays(90);
        return new DateTimeOffset(day.AddHours(19), TimeSpan.FromHours(5)).ToUniversalTime();
    }
}
