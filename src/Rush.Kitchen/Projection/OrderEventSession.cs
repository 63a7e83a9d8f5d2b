using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Rush.Platform.Messaging;

namespace Rush.Kitchen.Projection;

/// <summary>One session of the consumer group on the broker: connection, channel, topology, consumer.</summary>
/// <remarks>
/// The connection recovers by itself (RabbitMQ.Client automatic recovery: connection, channel,
/// topology and consumer come back after a broker restart). <see cref="WatchAsync"/> notices what
/// recovery does not repair, so the consumer can open a fresh session instead.
/// </remarks>
internal sealed class OrderEventSession : IAsyncDisposable
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryPatience = TimeSpan.FromSeconds(30);

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly AsyncEventingBasicConsumer _consumer;

    private OrderEventSession(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
        _consumer = new AsyncEventingBasicConsumer(channel);
    }

    /// <summary>Failures that mean "the broker is away or refused us": retry later with a new session.</summary>
    public static bool IsBrokerFailure(Exception e) =>
        e is EventLogUnavailableException or RabbitMQClientException or IOException or TimeoutException;

    /// <summary>Connects, declares the topology and starts consuming; <paramref name="handle"/> then runs for every delivery.</summary>
    public static async Task<OrderEventSession> OpenAsync(RabbitMqEventLog broker, ProjectionOptions options,
        Func<IChannel, BasicDeliverEventArgs, Task> handle, CancellationToken ct)
    {
        var connection = await broker.ConnectAsync("rush-order-consumer", ct);
        try
        {
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(false, false, consumerDispatchConcurrency: options.Concurrency), ct);
            var session = new OrderEventSession(connection, channel);
            await OrderEventTopology.DeclareAsync(channel, options, ct);
            await channel.BasicQosAsync(0, options.Prefetch, global: false, ct);
            session._consumer.ReceivedAsync += (_, delivery) => handle(channel, delivery);
            await channel.BasicConsumeAsync(options.ConsumerGroup, autoAck: false, session._consumer, ct);
            return session;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Returns only by throwing <see cref="EventLogUnavailableException"/>, when automatic recovery
    /// cannot bring the session back: a channel the broker closed on a live connection, a consumer the
    /// broker cancelled, or a connection down longer than 30 s.
    /// </summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        long? downSince = null;
        var strikes = 0;
        while (true)
        {
            await Task.Delay(WatchInterval, ct);
            if (!_connection.IsOpen)
            {
                downSince ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(downSince.Value) > RecoveryPatience)
                {
                    throw new EventLogUnavailableException("The consumer connection did not recover; reconnecting.");
                }

                continue;
            }

            downSince = null;
            // Two checks in a row, so a channel still recovering right after its connection is not mistaken for a dead one.
            strikes = _channel.IsOpen && _consumer.IsRunning ? 0 : strikes + 1;
            if (strikes >= 2)
            {
                throw new EventLogUnavailableException("The consumer's channel was closed or its consumer cancelled by the broker; starting over.");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already gone.
        }
    }
}
