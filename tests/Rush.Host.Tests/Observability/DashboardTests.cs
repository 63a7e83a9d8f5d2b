using System.Text;
using System.Text.Json;
using Rush.Testing;

namespace Rush.Host.Tests.Observability;

/// <summary>The Grafana dashboard under <c>deploy/grafana</c> holds only queries Prometheus can parse.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Every_dashboard_query_parses_as_promql()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy/grafana/rush-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        Assert.NotEmpty(expressions);

        // promtool has no "check expression"; as recording rules, each query goes through the real PromQL parser.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            rules.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard:query{i}\n        expr: {JsonSerializer.Serialize(expressions[i])}\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"rush-dashboard-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (exitCode, output) = await Promtool.RunAsync(null, "check", "rules", file);

            Assert.True(exitCode == 0, output);
            Assert.Contains($"SUCCESS: {expressions.Count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
