namespace Rush.Platform.Identity;

/// <summary>The values of <see cref="System.Security.Claims.ClaimTypes.Role"/> claims (issue 9).</summary>
public static class RushRoles
{
    /// <summary>A ticket buyer (every user who existed before roles; the default).</summary>
    public const string Customer = "customer";

    /// <summary>Kitchen staff: screens, status changes, item bumps, the ERP view with contact data.</summary>
    public const string Kitchen = "kitchen";

    /// <summary>Operators: everything kitchen staff may, plus ops, revenue, reset, leaderboards, API keys.</summary>
    public const string Operator = "operator";

    /// <summary>An API client (a till) signed in with <c>X-Api-Key</c>; never stored on a user.</summary>
    public const string Till = "till";

    /// <summary>The roles a user row may carry (the <c>users_role_known</c> constraint).</summary>
    public static IReadOnlyList<string> UserRoles { get; } = [Customer, Kitchen, Operator];

    /// <summary>True for a role a user row may carry.</summary>
    public static bool IsUserRole(string? role) => role is Customer or Kitchen or Operator;
}
