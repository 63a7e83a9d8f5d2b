using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace Rush.Platform.RateLimiting;

/// <summary>Registers the Redis-backed policies with ASP.NET Core's rate limiter middleware.</summary>
public static class RateLimitingModule
{
    /// <summary>
    /// Adds the declared policies and those of section <c>RateLimiting</c>; endpoints opt in with
    /// <c>.RequireRateLimiting(name)</c>. Declares the platform-wide <see cref="RatePolicyNames"/>.
    /// </summary>
    public static IServiceCollection AddRushRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRatePolicy(RatePolicyNames.General, p =>
        {
            p.Kind = RateWindowKind.Fixed;
            p.PermitLimit = 100;
            p.Window = TimeSpan.FromMinutes(1);
            p.PartitionBy = RatePartitionBy.Ip;
        });
        services.AddRatePolicy(RatePolicyNames.Intake, p =>
        {
            p.Kind = RateWindowKind.Sliding;
            p.PermitLimit = 3000;
            p.Window = TimeSpan.FromMinutes(1);
            p.PartitionBy = RatePartitionBy.Client;
            p.IpPermitLimit = 3000;
            p.MaxClientIdsPerIp = 10;
            p.AnonymousIpLimit = 200;
            p.AnonymousIpWindow = TimeSpan.FromDays(1);
        });
        // Declared defaults first, configuration bound over them: a configured field changes only that field.
        services.AddOptions<RateLimitingOptions>()
            .Configure<IEnumerable<RatePolicyDeclaration>>(Declare)
            .Bind(configuration.GetSection(RateLimitingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddHttpContextAccessor();
        services.AddSingleton<RedisWindowStore>();
        services.AddSingleton<LocalWindowStore>();
        services.AddSingleton<RateLimitGate>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitingOptions>, RateLimitGate, IHttpContextAccessor>((limiter, options, gate, http) =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = RateLimitRejection.WriteAsync;
                var exempt = TrustedNetworks.Parse(options.Value.ExemptNetworks);
                var header = options.Value.ClientIdHeader;
                foreach (var (name, settings) in options.Value.Policies)
                {
                    var policy = RatePolicy.From(name, settings);
                    // An API client (a till's key) gets its own quota; its partition "client:{id}" is never an anonymous one.
                    limiter.AddPolicy(name, context => exempt.Contains(context.Connection.RemoteIpAddress)
                        ? RateLimitPartition.GetNoLimiter("exempt")
                        : RateLimitPartition.Get(RatePartition.For(policy.PartitionBy, context, header),
                            partition => new RedisWindowLimiter(RatePartition.ApiClientOf(context) is null ? policy : policy.ApiClient, partition, gate, http, header)));
                }
            });
        return services;
    }

    /// <summary>
    /// Declares policy <paramref name="name"/> with its <paramref name="defaults"/>, for the module whose
    /// routes use it; <c>RateLimiting:Policies:{name}:*</c> changes them field by field. Works before or
    /// after <see cref="AddRushRateLimiting"/>; a name declared twice fails at start-up.
    /// </summary>
    public static IServiceCollection AddRatePolicy(this IServiceCollection services, string name, Action<RatePolicyOptions> defaults)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(defaults);
        services.AddSingleton(new RatePolicyDeclaration(name, defaults));
        return services;
    }

    /// <summary>Adds the middleware (after routing, which WebApplication puts first) unless <c>RateLimiting:Enabled</c> is false.</summary>
    public static IApplicationBuilder UseRushRateLimiting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled ? app.UseRateLimiter() : app;
    }

    private static void Declare(RateLimitingOptions options, IEnumerable<RatePolicyDeclaration> declarations)
    {
        foreach (var declaration in declarations)
        {
            var policy = new RatePolicyOptions();
            declaration.Defaults(policy);
            if (!options.Policies.TryAdd(declaration.Name, policy))
            {
                throw new InvalidOperationException($"Rate limiting policy '{declaration.Name}' is declared twice; one module owns a policy.");
            }
        }
    }
}
