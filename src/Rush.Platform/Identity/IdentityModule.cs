using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rush.Platform.Identity;

/// <summary>Registers users, password checks, sessions and the <see cref="RushAuthentication"/> scheme.</summary>
public static class IdentityModule
{
    /// <summary>Adds sign-in and the <see cref="RushPolicies"/>; endpoints opt in with <c>RequireAuthorization(policy)</c>.</summary>
    public static IServiceCollection AddRushIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection("Identity")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<CredentialVerifier>();
        services.AddSingleton<ApiClientDirectory>();
        services.AddSingleton<SessionStore>();
        services.AddAuthentication(RushAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, RushAuthentication>(RushAuthentication.SchemeName, null);
        services.AddAuthorization(RushPolicies.Register);
        return services;
    }
}
