using System.Globalization;

namespace Rush.Bench.Reporting;

/// <summary>Number formatting for the text report (invariant culture, thousands separators).</summary>
internal static class Format
{
    /// <summary>A count or rate: 40,100.</summary>
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with precision that suits the size: 0.412, 12.3, 1,204.</summary>
    public static string Ms(double value) => value switch
    {
        < 10 => value.ToString("0.000", CultureInfo.InvariantCulture),
        < 100 => value.ToString("0.00", CultureInfo.InvariantCulture),
        < 1000 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };

    /// <summary>A share of a whole: 27%, 3.4%, 0.12%.</summary>
    public static string Percent(double part, double whole)
    {
        if (whole <= 0)
        {
            return "n/a";
        }

        var p = 100.0 * part / whole;
        return p switch
        {
            >= 10 => p.ToString("0", CultureInfo.InvariantCulture) + "%",
            >= 1 => p.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            _ => p.ToString("0.00", CultureInfo.InvariantCulture) + "%",
        };
    }

    /// <summary>A multiple: 3.4x.</summary>
    public static string Times(double value, double of) =>
        of <= 0 ? "n/a" : (value / of).ToString(value / of >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "x";

    /// <summary>A duration as given on the command line style: 10s, 500ms.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
            ? span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s"
            : span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
}
