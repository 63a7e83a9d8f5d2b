using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// Authentication for requests that carry credentials (Authorization, X-Api-Key or the session cookie); the others
    /// stay anonymous without running the handler.
    /// </summary>
    /// <remarks>
    /// For a request with none of them <see cref="RushAuthentication"/> answers NoResult anyway, so skipping it changes
    /// nothing but the cost: a handler instance, its options and the cookie parse per anonymous request (cached reads,
    /// public lists; README "Performance"). Endpoints that need a user still challenge through the authorization
    /// middleware, which does not depend on this one.
    /// </remarks>
    public static IApplicationBuilder UseRushAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // WebApplication puts its own UseAuthentication() at the very start of the pipeline, ahead of the exception
        // handler, unless the app called it; a call inside a UseWhen branch marks only the branch. Without this mark
        // every request was authenticated twice, the first time where a Redis outage during a session lookup escaped
        // as a bodiless 500 instead of the exception handler's 503 (RedisRestartTests).
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseWhen(HasCredentials, branch => branch.UseAuthentication());
    }

    // The key ASP.NET Core's UseAuthentication() sets and WebApplication checks (AuthAppBuilderExtensions).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>True when the request carries anything <see cref="RushAuthentication"/> reads.</summary>
    public static bool HasCredentials(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        return headers.Authorization.Count > 0 || headers.ContainsKey(ApiKeys.Header)
            || (headers.Cookie.Count > 0 && headers.Cookie.ToString().Contains(SessionCookie.Name + "=", StringComparison.Ordinal));
    }
}
