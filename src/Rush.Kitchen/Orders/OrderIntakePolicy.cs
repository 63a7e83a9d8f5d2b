using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rush.Platform.Identity;

namespace Rush.Kitchen.Orders;

/// <summary>Who may place an order (REST and gRPC): anyone while <see cref="KitchenOptions.AnonymousOrdering"/> is on, else tills (API keys) only.</summary>
public static class OrderIntakePolicy
{
    /// <summary>The policy name.</summary>
    public const string Name = "KitchenIntake";

    /// <summary>Adds the policy.</summary>
    public static IServiceCollection AddOrderIntakePolicy(this IServiceCollection services) =>
        services.AddAuthorization(o => o.AddPolicy(Name, p => p.RequireAssertion(Allows)));

    private static bool Allows(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http
        && (http.RequestServices.GetRequiredService<IOptionsMonitor<KitchenOptions>>().CurrentValue.AnonymousOrdering
            || context.User.IsInRole(RushRoles.Till));
}
