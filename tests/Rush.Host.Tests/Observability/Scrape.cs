using System.Globalization;
using System.Text.RegularExpressions;

namespace Rush.Host.Tests.Observability;

/// <summary>One <c>/metrics</c> answer, parsed into samples (name, labels, value) so tests do not depend on label order.</summary>
internal sealed partial class Scrape(string body)
{
    public string Body { get; } = body;

    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples { get; } = Parse(body);

    /// <summary>Samples of <paramref name="name"/> carrying at least the given labels.</summary>
    public IEnumerable<double> Values(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Select(s => s.Value);

    /// <summary>Sum of the matching samples; NaN when there is none.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels)
    {
        var values = Values(name, labels).ToList();
        return values.Count == 0 ? double.NaN : values.Sum();
    }

    public bool Has(string name, params (string Label, string Value)[] labels) => Values(name, labels).Any();

    private static List<(string, IReadOnlyDictionary<string, string>, double)> Parse(string body)
    {
        var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in body.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add((match.Groups["name"].Value, labels, value));
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
