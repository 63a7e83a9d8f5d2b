using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Rush.Platform.Messaging;

namespace Rush.Kitchen.Projection;

/// <summary>One session of the consumer group on the broker: connection, channel, topology, consumer.</summary>
/// <remarks>
/// A session does not recover (see <see cref="RabbitMqEventLog.ConnectAsync"/>): <see cref="WatchAsync"/>
/// notices that it died and the consumer opens a fresh one; the broker redelivers what was unacknowledged.
/// </remarks>
internal sealed class OrderEventSession : IAsyncDisposable
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly AsyncEventingBasicConsumer _consumer;
    private volatile bool _cancelledByBroker;

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

            // Not the consumer's IsRunning: it is set only when basic.consume-ok has been dispatched, which can
            // queue behind a flood of redeliveries, and a fresh session would then look dead.
            session._consumer.UnregisteredAsync += (_, _) =>
            {
                session._cancelledByBroker = true;
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(options.ConsumerGroup, autoAck: false, session._consumer, ct);
            return session;
        }
        catch
        {
            await AmqpTeardown.DropAsync(connection);
            throw;
        }
    }

    /// <summary>
    /// Returns only by throwing <see cref="EventLogUnavailableException"/> once the session is dead: its
    /// connection or channel closed, or its consumer cancelled by the broker. The consumer then opens a new one.
    /// </summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        while (_connection.IsOpen && _channel.IsOpen && !_cancelledByBroker)
        {
            await Task.Delay(WatchInterval, ct);
        }

        throw new EventLogUnavailableException("The consumer's connection or channel closed, or the broker cancelled its consumer; starting over.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await AmqpTeardown.DropAsync(_connection);
}
