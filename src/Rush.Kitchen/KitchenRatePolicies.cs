using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.RateLimiting;

namespace Rush.Kitchen;

/// <summary>
/// The rate limiting policies only kitchen routes use, declared here with their defaults; configuration
/// (<c>RateLimiting:Policies:{name}:*</c>) changes them field by field. The platform declares the shared
/// ones (<see cref="RatePolicyNames.General"/>, <see cref="RatePolicyNames.Intake"/>).
/// </summary>
public static class KitchenRatePolicies
{
    /// <summary>Seed 004: the menu list, 10 per minute per IP.</summary>
    public const string Menu = "menu";

    /// <summary>Kitchen screens: hub connects and the routes the screens call, per client.</summary>
    public const string Screens = "screens";

    /// <summary>Declares <see cref="Menu"/> and <see cref="Screens"/>.</summary>
    public static IServiceCollection AddKitchenRatePolicies(this IServiceCollection services)
    {
        services.AddRatePolicy(Menu, p =>
        {
            p.Kind = RateWindowKind.Fixed;
            p.PermitLimit = 10;
            p.Window = TimeSpan.FromMinutes(1);
            p.PartitionBy = RatePartitionBy.Ip;
        });
        // Sized for a dinner rush: every screen of a busy kitchen behind one NAT address, each with its X-Client-Id.
        services.AddRatePolicy(Screens, p =>
        {
            p.Kind = RateWindowKind.Sliding;
            p.PermitLimit = 3000;
            p.Window = TimeSpan.FromMinutes(1);
            p.PartitionBy = RatePartitionBy.Client;
        });
        return services;
    }
}
