using Microsoft.Extensions.Configuration;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class RateLimitingOptionsTests
{
    [Fact]
    public void Seed_defaults_are_the_menu_and_general_limits()
    {
        var options = new RateLimitingOptions();

        Assert.Equal(10, options.Policies["menu"].PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Policies["menu"].Window);
        Assert.Equal(RatePartitionBy.Ip, options.Policies["menu"].PartitionBy);
        Assert.Equal(100, options.Policies["general"].PermitLimit);
        Assert.Equal(RatePartitionBy.Client, options.Policies["intake"].PartitionBy);
        Assert.True(new RateLimitingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Configuration_changes_a_default_policy_field_by_field_and_adds_policies()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:menu:PermitLimit"] = "3",
            ["RateLimiting:Policies:search:Kind"] = "Sliding",
            ["RateLimiting:Policies:search:PermitLimit"] = "30",
            ["RateLimiting:Policies:search:Window"] = "00:00:10",
            ["RateLimiting:Policies:search:PartitionBy"] = "User",
        });

        Assert.Equal(3, options.Policies["menu"].PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Policies["menu"].Window);
        Assert.Equal(RateWindowKind.Sliding, options.Policies["search"].Kind);
        Assert.Equal(RatePartitionBy.User, options.Policies["search"].PartitionBy);
        Assert.Equal(4 + 1, options.Policies.Count);
    }

    [Fact]
    public void Bad_networks_windows_and_names_are_reported_each()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["RateLimiting:ExemptNetworks:0"] = "10.0.0.0/8",
            ["RateLimiting:ExemptNetworks:1"] = "not-a-network",
            ["RateLimiting:Policies:menu:Window"] = "00:00:00.500",
            ["RateLimiting:Policies:Bad Name:PermitLimit"] = "5",
        });

        var result = new RateLimitingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("not-a-network", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Policies:menu:Window", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Policies:Bad Name", StringComparison.Ordinal));
    }

    private static RateLimitingOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new RateLimitingOptions();
        configuration.GetSection(RateLimitingOptions.Section).Bind(options);
        return options;
    }
}
