using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Redis;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Locking.Distributed.Redis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Rush.Platform.Caching;

/// <summary>Registers FusionCache on the platform's Redis connection, and <see cref="CacheAside"/> over it.</summary>
/// <remarks>
/// L2 (Microsoft's RedisCache, keys <c>cache:{key}</c>), the backplane (Redis pub/sub) and the distributed
/// locker (a Redis lock per key, so 1,000 cold reads over several instances load once) all use the
/// process's one multiplexer from <see cref="RedisConnection"/>, never a connection of their own.
/// When Redis fails, each of them opens a circuit for <see cref="CacheOptions.RedisCircuitBreak"/> and
/// the cache works from memory and the origin.
/// </remarks>
public static class CachingModule
{
    /// <summary>Prefix of every L2 key in Redis (Microsoft RedisCache's instance name).</summary>
    public const string RedisKeyPrefix = "cache:";

    // FusionCache puts its wire-format version in front of the key (CacheKeysTests pins it: a FusionCache
    // upgrade that changes it fails that test, and this constant follows).
    private const string WireFormat = "v2:";

    /// <summary>The Redis key pattern (for SCAN/KEYS) of cache keys matching <paramref name="keyPattern"/>, e.g. <c>events:*</c>.</summary>
    public static string RedisKeyPattern(string keyPattern) => RedisKeyPrefix + WireFormat + keyPattern;

    /// <summary>Adds the cache (settings from section <c>Cache</c>); needs the platform's <see cref="RedisConnection"/>.</summary>
    public static IServiceCollection AddCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Cache");
        services.AddOptions<CacheOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var circuitBreak = (section.Get<CacheOptions>() ?? new CacheOptions()).RedisCircuitBreak;
        services.AddFusionCache()
            .WithOptions(o =>
            {
                o.DistributedCacheCircuitBreakerDuration = circuitBreak;
                o.BackplaneCircuitBreakerDuration = circuitBreak;

                // Tags are not used; without them every memory entry is one of ours and has a Size (the memory cache has a SizeLimit).
                o.DisableTagging = true;

                // Our own logs say what failed; FusionCache's per-operation warnings would repeat it per read.
                o.DistributedCacheErrorsLogLevel = LogLevel.Debug;
                o.BackplaneErrorsLogLevel = LogLevel.Debug;
                o.DistributedLockerErrorsLogLevel = LogLevel.Debug;
                // Warning, because the host logs category ZiggyCreatures.Caching.Fusion from Warning up: at Information
                // FusionCache writes two lines per cache read (call, return), more log than the read costs (README "Performance").
                o.FactoryErrorsLogLevel = LogLevel.Warning;
            })
            .WithDefaultEntryOptions(new FusionCacheEntryOptions { Size = 1 })
            .WithMemoryCache(sp => new MemoryCache(new MemoryCacheOptions { SizeLimit = sp.GetRequiredService<IOptions<CacheOptions>>().Value.MaxLocalEntries }))
            .WithSerializer(new FusionCacheSystemTextJsonSerializer())
            .WithDistributedCache(sp => new RedisCache(Options.Create(new RedisCacheOptions
            {
                InstanceName = RedisKeyPrefix,
                ConnectionMultiplexerFactory = SharedMultiplexer(sp),
            })))
            .WithBackplane(sp => new RedisBackplane(Options.Create(new RedisBackplaneOptions { ConnectionMultiplexerFactory = SharedMultiplexer(sp) })))
            .WithDistributedLocker(sp => new RedisDistributedLocker(
                Options.Create(new RedisDistributedLockerOptions { ConnectionMultiplexerFactory = SharedMultiplexer(sp) }),
                sp.GetService<ILogger<RedisDistributedLocker>>()));
        services.AddSingleton<CacheAside>();
        return services;
    }

    private static Func<Task<IConnectionMultiplexer>> SharedMultiplexer(IServiceProvider sp)
    {
        var redis = sp.GetRequiredService<RedisConnection>();
        return async () =>
        {
            await redis.ConnectAsync();
            return redis.Multiplexer;
        };
    }
}
