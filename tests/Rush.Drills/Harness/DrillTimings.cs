using System.Globalization;

namespace Rush.Drills.Harness;

/// <summary>
/// How long each outage lasts: the figures by default; an environment variable may shorten one
/// (e.g. on a slow CI machine), and README says so when a published figure was not taken with the default.
/// </summary>
public static class DrillTimings
{
    /// <summary>RabbitMQ down for 30 s (<c>RUSH_DRILL_RABBITMQ_OUTAGE_SECONDS</c>).</summary>
    public static TimeSpan RabbitMqOutage => Seconds("RUSH_DRILL_RABBITMQ_OUTAGE_SECONDS", 30);

    /// <summary>Postgres down for 10 s (<c>RUSH_DRILL_POSTGRES_OUTAGE_SECONDS</c>).</summary>
    public static TimeSpan PostgresOutage => Seconds("RUSH_DRILL_POSTGRES_OUTAGE_SECONDS", 10);

    /// <summary>Orders acknowledged before the kill, so the load is steady when it happens.</summary>
    public const int WarmUpOrders = 40;

    /// <summary>Orders acknowledged after the restart before the load stops: intake is back for real.</summary>
    public const int RecoveryOrders = 40;

    /// <summary>Reads a whole number of seconds from <paramref name="variable"/>, or <paramref name="fallback"/>.</summary>
    public static TimeSpan Seconds(string variable, int fallback) =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : fallback);
}
