using System.Text;

namespace Rush.Platform.Observability;

/// <summary>Maps instrument names, units and tag names onto Prometheus names (the convention of <see cref="RushMeter"/>).</summary>
/// <remarks>
/// Follows the OpenTelemetry-to-Prometheus rules in their simplest form: invalid characters (dots) become
/// underscores, the unit is appended in base-unit words (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>,
/// <c>1</c> → <c>_ratio</c> for non-counters, annotations such as <c>{order}</c> are dropped), and counters end
/// in <c>_total</c>. Mapping is mechanical so a name in code can be found in a dashboard and back.
/// </remarks>
public static class PrometheusNames
{
    /// <summary>The Prometheus metric name of an instrument.</summary>
    public static string Metric(string instrumentName, string? unit, MetricKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(instrumentName);
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, kind);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>A valid label name for a tag name (<c>http.route</c> → <c>http_route</c>).</summary>
    public static string Label(string tagName) => Sanitize(tagName, allowColon: false);

    /// <summary>The base-unit word for a UCUM unit, or empty when the unit adds nothing to the name.</summary>
    public static string UnitSuffix(string? unit, MetricKind kind) => unit switch
    {
        null or "" => "",
        "s" => "seconds",
        "By" => "bytes",
        "1" => kind == MetricKind.Counter ? "" : "ratio",
        _ when unit.StartsWith('{') => "",
        _ => Sanitize(unit, allowColon: false).Trim('_'),
    };

    // [a-zA-Z_:][a-zA-Z0-9_:]*; runs of replaced characters collapse into one underscore.
    private static string Sanitize(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            if (valid)
            {
                result.Append(c);
            }
            else if (result.Length == 0 || result[^1] != '_')
            {
                result.Append('_');
            }
        }

        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        return result.ToString();
    }
}
