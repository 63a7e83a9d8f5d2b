using Rush.Ticketing.Seeding;

namespace Rush.Ticketing.Tests.Seeding;

public sealed class SeedPlanTests
{
    [Fact]
    public void Seed_options_are_read_and_host_settings_are_passed_on()
    {
        var plan = SeedPlan.Parse(
            ["--users", "1000", "--events-per-month=50", "--archive-events", "3000000000", "--skip-stadium", "--ConnectionStrings:Postgres=Host=x"],
            out var rest, out var error);

        Assert.Null(error);
        Assert.NotNull(plan);
        Assert.Equal(1000, plan.Users);
        Assert.Equal(50, plan.EventsPerMonth);
        Assert.Equal(3_000_000_000, plan.ArchiveEvents);
        Assert.False(plan.Stadium);
        Assert.Equal(["--ConnectionStrings:Postgres=Host=x"], rest);
    }

    [Fact]
    public void Defaults_are_the_issue_sizes()
    {
        var plan = SeedPlan.Parse([], out _, out _)!;

        Assert.Equal(1_000_000, plan.Users);
        Assert.Equal(5_000, plan.EventsPerMonth);
        Assert.True(plan.Stadium);
    }

    [Theory]
    [InlineData("--users", "many")]
    [InlineData("--users", "-5")]
    [InlineData("--parallel", "0")]
    [InlineData("--months-back", "2")]
    [InlineData("--months-ahead", "30")]
    public void Bad_values_are_refused_with_a_message(string option, string value)
    {
        Assert.Null(SeedPlan.Parse([option, value], out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
