using System.Globalization;
using System.Text;

namespace Rush.Platform.Observability;

/// <summary>Writes metric families in the Prometheus text exposition format 0.0.4.</summary>
/// <remarks>https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format</remarks>
public static class PrometheusTextFormat
{
    /// <summary>The content type of a scrape answer.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>All families, each as <c># HELP</c>, <c># TYPE</c> and its samples; histograms as cumulative buckets, sum and count.</summary>
    public static string Write(IEnumerable<MetricFamilySnapshot> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder(16 * 1024);
        foreach (var family in families)
        {
            WriteFamily(text, family);
        }

        return text.ToString();
    }

    private static void WriteFamily(StringBuilder text, MetricFamilySnapshot family)
    {
        text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
        foreach (var series in family.Series)
        {
            if (series.Histogram is { } histogram)
            {
                WriteHistogram(text, family.Name, series, histogram);
            }
            else
            {
                WriteSample(text, family.Name, series.Labels, null, series.Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder text, string name, MetricSeries series, HistogramBuckets histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.Counts.Count; i++)
        {
            cumulative += histogram.Counts[i];
            var le = i < histogram.Bounds.Count ? Number(histogram.Bounds[i]) : "+Inf";
            WriteSample(text, name + "_bucket", series.Labels, le, cumulative);
        }

        WriteSample(text, name + "_sum", series.Labels, null, histogram.Sum);
        WriteSample(text, name + "_count", series.Labels, null, cumulative);
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (label, labelValue) in labels)
            {
                text.Append(first ? "" : ",").Append(label).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>A sample value as Prometheus reads it (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, shortest round-trip otherwise).</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Help text: backslash and line feed escaped.</summary>
    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
    }

    /// <summary>Label value: backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
    }
}
