using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rush.Platform.Caching;
using Rush.Platform.Redis;
using Rush.Testing;
using ZiggyCreatures.Caching.Fusion;

namespace Rush.Platform.Tests.Caching;

/// <summary>One Rush instance as far as the cache is concerned: its own DI container, Redis connection and invalidation listener.</summary>
/// <remarks>Two nodes against the same Redis behave like two hosts: separate memory, shared Redis and pub/sub.</remarks>
internal sealed class CacheNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private CacheNode(ServiceProvider services, List<IHostedService> hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    /// <summary>The node's cache.</summary>
    public CacheAside Cache => _services.GetRequiredService<CacheAside>();

    /// <summary>Builds and starts a node on <paramref name="redis"/>.</summary>
    public static async Task<CacheNode> StartAsync(string redis)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:RedisTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(sp => new RedisConnection(redis, sp.GetRequiredService<ILogger<RedisConnection>>()))
            .AddCaching(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<RedisConnection>().ConnectAsync();
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new CacheNode(services, hosted);
    }

    /// <summary>Waits until this node no longer has a fresh value of <paramref name="key"/> (in memory or Redis): its duration has passed.</summary>
    public Task UntilExpiredAsync(string key) =>
        Poll.UntilAsync(async () => !(await Cache.Fusion.TryGetAsync<OriginValue>(key)).HasValue, TimeSpan.FromSeconds(30), $"{key} to expire");

    /// <summary>Waits until this node has no value of <paramref name="key"/> at all, not even a fail-safe one: its fail-safe window has passed.</summary>
    public Task UntilGoneAsync(string key) =>
        Poll.UntilAsync(async () => !(await Cache.Fusion.TryGetAsync<OriginValue>(key, o => o.SetFailSafe(true).SetAllowStaleOnReadOnly())).HasValue,
            TimeSpan.FromSeconds(30), $"{key} to leave the cache");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
