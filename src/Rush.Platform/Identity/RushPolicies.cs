using Microsoft.AspNetCore.Authorization;

namespace Rush.Platform.Identity;

/// <summary>Authorization policy names every module uses with <c>RequireAuthorization(...)</c> (issue 9).</summary>
/// <remarks>
/// Policies nest by role so one user row carries one role: an operator passes every policy a kitchen
/// user passes. <see cref="Kitchen"/> and <see cref="Erp"/> admit the same roles today; they are two
/// names because they protect two different things (working the orders vs. seeing customers' phone
/// numbers and addresses), and a deployment that separates cooks from dispatchers changes one line here.
/// </remarks>
public static class RushPolicies
{
    /// <summary>Kitchen screens and order work (status changes, item bumps, slots): kitchen or operator.</summary>
    public const string Kitchen = "Kitchen";

    /// <summary>Customer contact data (ERP snapshot, <c>/ws/erp</c>, active orders): kitchen or operator.</summary>
    public const string Erp = "Erp";

    /// <summary>Ops page and summary, revenue, reset, leaderboard admin, menu, API keys: operator only.</summary>
    public const string Operator = "Operator";

    /// <summary>Adds the three policies.</summary>
    public static void Register(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Kitchen, p => p.RequireAuthenticatedUser().RequireRole(RushRoles.Kitchen, RushRoles.Operator));
        options.AddPolicy(Erp, p => p.RequireAuthenticatedUser().RequireRole(RushRoles.Kitchen, RushRoles.Operator));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(RushRoles.Operator));
    }
}
