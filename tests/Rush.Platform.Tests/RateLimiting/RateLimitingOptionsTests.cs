using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class RateLimitingOptionsTests
{
    [Fact]
    public void The_platform_declares_the_general_and_intake_policies()
    {
        var options = Resolve([]);

        Assert.Equal(100, options.Policies[RatePolicyNames.General].PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Policies[RatePolicyNames.General].Window);
        Assert.Equal(RatePartitionBy.Ip, options.Policies[RatePolicyNames.General].PartitionBy);
        Assert.Equal(RatePartitionBy.Client, options.Policies[RatePolicyNames.Intake].PartitionBy);
        Assert.Equal(200, options.Policies[RatePolicyNames.Intake].AnonymousIpLimit);
        Assert.Equal(2, options.Policies.Count);
        Assert.True(new RateLimitingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Configuration_changes_a_declared_policy_field_by_field_and_adds_policies()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:menu:PermitLimit"] = "3",
            ["RateLimiting:Policies:search:Kind"] = "Sliding",
            ["RateLimiting:Policies:search:PermitLimit"] = "30",
            ["RateLimiting:Policies:search:Window"] = "00:00:10",
            ["RateLimiting:Policies:search:PartitionBy"] = "User",
        }, services => services.AddRatePolicy("menu", p =>
        {
            p.Kind = RateWindowKind.Fixed;
            p.PermitLimit = 10;
            p.Window = TimeSpan.FromMinutes(2);
            p.PartitionBy = RatePartitionBy.Ip;
        }));

        Assert.Equal(3, options.Policies["menu"].PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Policies["menu"].Window);
        Assert.Equal(RatePartitionBy.Ip, options.Policies["menu"].PartitionBy);
        Assert.Equal(RateWindowKind.Sliding, options.Policies["search"].Kind);
        Assert.Equal(RatePartitionBy.User, options.Policies["search"].PartitionBy);
        Assert.Equal(2 + 1 + 1, options.Policies.Count);
    }

    [Fact]
    public void A_policy_declared_by_two_modules_fails_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve([], services =>
        {
            services.AddRatePolicy("menu", p => p.PermitLimit = 10);
            services.AddRatePolicy("menu", p => p.PermitLimit = 20);
        }));

        Assert.Contains("'menu' is declared twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_networks_windows_and_names_are_reported_each()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimiting:ExemptNetworks:0"] = "10.0.0.0/8",
            ["RateLimiting:ExemptNetworks:1"] = "not-a-network",
            ["RateLimiting:Policies:menu:Window"] = "00:00:00.500",
            ["RateLimiting:Policies:Bad Name:PermitLimit"] = "5",
        }).Build();
        var options = new RateLimitingOptions();
        configuration.GetSection(RateLimitingOptions.Section).Bind(options);

        var result = new RateLimitingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("not-a-network", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Policies:menu:Window", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Policies:Bad Name", StringComparison.Ordinal));
    }

    // The options as the host builds them: declared policies first, configuration bound over them.
    private static RateLimitingOptions Resolve(Dictionary<string, string?> settings, Action<IServiceCollection>? declare = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddRushRateLimiting(configuration);
        declare?.Invoke(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
    }
}
