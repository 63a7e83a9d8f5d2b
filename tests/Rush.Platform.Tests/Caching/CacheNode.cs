using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rush.Platform.Caching;
using Rush.Platform.PubSub;
using Rush.Platform.Redis;

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
    public RushCache Cache => _services.GetRequiredService<RushCache>();

    /// <summary>Builds and starts a node on <paramref name="redis"/>, reading expiry times from <paramref name="clock"/>.</summary>
    public static async Task<CacheNode> StartAsync(string redis, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:RedisTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(clock)
            .AddSingleton(sp => new RedisConnection(redis, sp.GetRequiredService<ILogger<RedisConnection>>()))
            .AddSingleton<IPubSub, RedisPubSub>()
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
