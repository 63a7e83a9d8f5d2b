using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.PubSub;

/// <summary><see cref="IPubSub"/> over Redis PUBLISH/SUBSCRIBE on the shared multiplexer.</summary>
/// <remarks>
/// The multiplexer resubscribes by itself after a reconnect; messages published in between are lost
/// (see <see cref="IPubSub"/>). Channels are literal names, never patterns.
/// </remarks>
public sealed class RedisPubSub(RedisConnection redis) : IPubSub
{
    /// <inheritdoc />
    public async Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken ct) =>
        await redis.Subscriber.PublishAsync(RedisChannel.Literal(channel), payload).WaitAsync(ct);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var name = RedisChannel.Literal(channel);
        Action<RedisChannel, RedisValue> callback = (_, value) => handler((byte[]?)value ?? []);
        await redis.Subscriber.SubscribeAsync(name, callback).WaitAsync(ct);
        return new Subscription(redis, name, callback);
    }

    private sealed class Subscription(RedisConnection redis, RedisChannel channel, Action<RedisChannel, RedisValue> callback) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await redis.Subscriber.UnsubscribeAsync(channel, callback);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is away (typically at shutdown); the connection's subscriptions end with it.
            }
        }
    }
}
