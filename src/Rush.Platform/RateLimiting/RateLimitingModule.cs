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
    /// <summary>Adds the policies of section <c>RateLimiting</c>; endpoints opt in with <c>.RequireRateLimiting(name)</c>.</summary>
    public static IServiceCollection AddRushRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
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

    /// <summary>Adds the middleware (after routing, which WebApplication puts first) unless <c>RateLimiting:Enabled</c> is false.</summary>
    public static IApplicationBuilder UseRushRateLimiting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled ? app.UseRateLimiter() : app;
    }
}
