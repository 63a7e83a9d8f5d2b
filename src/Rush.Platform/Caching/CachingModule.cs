using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.PubSub;
using Rush.Platform.Redis;

namespace Rush.Platform.Caching;

/// <summary>Registers <see cref="RushCache"/> and its invalidation listener.</summary>
public static class CachingModule
{
    /// <summary>Adds the cache (settings from section <c>Cache</c>); needs the platform's Redis connection and pub/sub.</summary>
    public static IServiceCollection AddCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheOptions>().Bind(configuration.GetSection("Cache")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CacheStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<IOptions<CacheOptions>>()));
        services.AddSingleton(sp => new RushCache(
            sp.GetRequiredService<CacheStore>(),
            sp.GetRequiredService<IPubSub>(),
            sp.GetRequiredService<IOptions<CacheOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RushCache>>()));
        services.AddHostedService<CacheInvalidationListener>();
        return services;
    }
}
