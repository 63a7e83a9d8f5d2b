using Rush.Ticketing.Seeding;

namespace Rush.Ticketing.Tests.Seeding;

public sealed class StadiumConcertTests
{
    [Fact]
    public void Five_zones_hold_100000_seats_at_the_issue_prices()
    {
        Assert.Equal(100_000, StadiumConcert.TotalSeats);
        Assert.Equal(
            [("Golden circle", 10_000, 40_000m), ("Fan zone", 15_000, 80_000m), ("Lower tier", 20_000, 120_000m),
             ("Middle tier", 25_000, 160_000m), ("Upper tier", 30_000, 200_000m)],
            StadiumConcert.Zones.Select(z => (z.Name, z.Seats, z.Price)));
    }

    [Fact]
    public void Concert_is_in_the_future_at_an_evening_in_Astana()
    {
        var now = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero);
        var date = StadiumConcert.DateFrom(now);

        Assert.True(date > now.AddDays(80));
        Assert.Equal(19, date.ToOffset(TimeSpan.FromHours(5)).Hour);
    }

    [Fact]
    public void Seeded_users_follow_the_documented_pattern()
    {
        Assert.Equal("user42@rush.local", SeededUsers.Email(42));
        Assert.Equal("password42", SeededUsers.Password(42));
        Assert.True(Rush.Platform.Identity.PasswordHasher.Verify("password42", SeededUsers.Hash(42)));
    }
}
