namespace Rush.Host.Tests.Observability;

/// <summary>The Prometheus configuration under <c>deploy/prometheus</c> is valid and its alerts fire when they should (promtool).</summary>
public sealed class AlertRulesTests
{
    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "check", "rules", "deploy/prometheus/alerts.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_rule_unit_tests_pass_promtool_test_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "test", "rules", "deploy/prometheus/alerts.test.yml");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_config_passes_promtool_check_config()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "check", "config", "deploy/prometheus/prometheus.yml");

        Assert.True(exitCode == 0, output);
    }
}
