using Microsoft.Extensions.Hosting;

namespace Rush.Platform.Redis;

/// <summary>Opens the Redis connection before the host starts taking requests.</summary>
public sealed class RedisConnector(RedisConnection redis) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => redis.ConnectAsync();

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
