using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rush.Platform.RateLimiting;

namespace Rush.Kitchen.Tests;

public sealed class KitchenRatePoliciesTests
{
    [Fact]
    public void The_kitchen_declares_the_seed_menu_limit_and_the_screens_policy()
    {
        var options = Resolve([]);

        var menu = options.Policies[KitchenRatePolicies.Menu];
        Assert.Equal((RateWindowKind.Fixed, 10, TimeSpan.FromMinutes(1), RatePartitionBy.Ip), (menu.Kind, menu.PermitLimit, menu.Window, menu.PartitionBy));
        var screens = options.Policies[KitchenRatePolicies.Screens];
        Assert.Equal((RateWindowKind.Sliding, 3000, RatePartitionBy.Client), (screens.Kind, screens.PermitLimit, screens.PartitionBy));
        Assert.True(new RateLimitingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Configuration_keys_change_the_kitchen_policies_field_by_field()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:menu:Kind"] = "Sliding",
            ["RateLimiting:Policies:menu:PermitLimit"] = "4",
        });

        var menu = options.Policies[KitchenRatePolicies.Menu];
        Assert.Equal((RateWindowKind.Sliding, 4, TimeSpan.FromMinutes(1), RatePartitionBy.Ip), (menu.Kind, menu.PermitLimit, menu.Window, menu.PartitionBy));
    }

    private static RateLimitingOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddKitchenRatePolicies();
        services.AddRushRateLimiting(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
    }
}
