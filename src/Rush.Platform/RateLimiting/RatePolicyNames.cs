namespace Rush.Platform.RateLimiting;

/// <summary>Names of the built-in policies endpoints opt into with <c>.RequireRateLimiting(name)</c>.</summary>
public static class RatePolicyNames
{
    /// <summary>Seed 004: the menu list, 10 per minute per IP.</summary>
    public const string Menu = "menu";

    /// <summary>Seed 003: anonymous public routes, 100 per minute per IP.</summary>
    public const string General = "general";

    /// <summary>Order intake (REST and gRPC), per client, sized for a dinner rush.</summary>
    public const string Intake = "intake";

    /// <summary>Kitchen screens: hub connects and the routes the screens call, per client.</summary>
    public const string Screens = "screens";
}
