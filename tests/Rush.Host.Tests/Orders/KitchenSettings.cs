namespace Rush.Host.Tests.Orders;

/// <summary>Kitchen settings for tests: the same opening hours on every day, UTC.</summary>
internal static class KitchenSettings
{
    public static Dictionary<string, string> AllDays(string hours)
    {
        var settings = new Dictionary<string, string> { ["Kitchen:TimeZone"] = "UTC" };
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            settings[$"Kitchen:OpeningHours:{day}"] = hours;
        }

        return settings;
    }
}
