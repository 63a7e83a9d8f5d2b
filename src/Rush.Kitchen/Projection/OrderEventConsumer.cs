using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Rush.Kitchen.Orders;
using Rush.Platform.Messaging;
using Rush.Platform.Observability;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>The consumer group <c>order-service-stable-group</c>: projects every <c>pizza-orders</c> event into the hot state.</summary>
/// <remarks>
/// Every instance runs one; the group's quorum queue hands each message to one of them. A message is
/// acknowledged only after its projection is in Redis (at-least-once), and projecting twice is a
/// no-op (version check in order-project.lua), so redeliveries are harmless. Failures, by cause:
/// <list type="bullet">
/// <item>unreadable (poison): rejected at once, dead-lettered to <c>{group}.dlq</c>; retrying cannot help and must not hold up the queue;</item>
/// <item>Redis unreachable or slow: not the message's fault; it stays unacknowledged and is retried with backoff until Redis is back;</item>
/// <item>anything else: retried in place, then handed back to the broker, which dead-letters it after <c>x-delivery-limit</c> deliveries.</item>
/// </list>
/// When the broker went away, a new <see cref="OrderEventSession"/> is opened (with backoff) once it is back.
/// </remarks>
public sealed partial class OrderEventConsumer(
    RabbitMqEventLog broker,
    OrderProjector projector,
    IOptions<ProjectionOptions> options,
    ILogger<OrderEventConsumer> log) : BackgroundService
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private OrderEventSession? _session;

    private long _projected;
    private long _rejected;

    /// <summary>Messages acknowledged after projection (applied or already projected), since start.</summary>
    public long Projected => Interlocked.Read(ref _projected);

    /// <summary>Poison messages rejected to the dead-letter queue, since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Declare and subscribe before the host serves: on a broker that never had the group's
        // queue, events published before it exists would never reach the group.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StartupLimit);
        try
        {
            _session = await OpenAsync(options.Value, limit.Token);
        }
        catch (Exception e) when (OrderEventSession.IsBrokerFailure(e) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // ExecuteAsync keeps trying.
            LogBrokerAway(e.Message, options.Value.RetryBackoff);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var backoff = o.RetryBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_session is null)
                {
                    // Bounded: a broker that accepts the connection while still starting must not hang the loop.
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    limit.CancelAfter(StartupLimit);
                    _session = await OpenAsync(o, limit.Token);
                }

                backoff = o.RetryBackoff;
                await _session.WatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (OrderEventSession.IsBrokerFailure(e) || e is OperationCanceledException)
            {
                LogBrokerAway(e.Message, backoff);
                await CloseAsync();
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = Min(backoff * 2, o.MaxRetryBackoff);
            }
        }

        await CloseAsync();
    }

    private async Task<OrderEventSession> OpenAsync(ProjectionOptions o, CancellationToken ct)
    {
        var session = await OrderEventSession.OpenAsync(broker, o, (channel, delivery) => HandleAsync(channel, delivery, o, _stopping.Token), ct);
        LogConsuming(o.ConsumerGroup);
        return session;
    }

    private async Task CloseAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Handlers still waiting (e.g. for Redis) give up; their messages stay unacknowledged and go back to the queue.
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, ProjectionOptions o, CancellationToken ct)
    {
        // Continues the trace of the request that caused the event (header set by the outbox relay).
        using var span = RushTracing.Source.StartActivity(
            delivery.Exchange + " process", ActivityKind.Consumer, RushTracing.ParentFrom(DeliveredEvents.TraceParentOf(delivery.BasicProperties)));
        span?.SetTag("messaging.system", "rabbitmq");
        span?.SetTag("messaging.operation.type", "process");
        span?.SetTag("messaging.destination.name", delivery.Exchange);
        span?.SetTag("messaging.consumer.group.name", o.ConsumerGroup);
        span?.SetTag("messaging.message.id", delivery.BasicProperties.MessageId);
        KitchenOrder order;
        try
        {
            order = OrderEventReader.Read(delivery.BasicProperties.Type, delivery.Body);
        }
        catch (InvalidDataException e)
        {
            LogPoison(delivery.BasicProperties.MessageId, e.Message);
            span?.SetStatus(ActivityStatusCode.Error, "poison message");
            if (await SettleAsync(() => channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, ct)))
            {
                Interlocked.Increment(ref _rejected);
            }

            return;
        }

        var backoff = o.RetryBackoff;
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await projector.ApplyAsync(order, ct);
                if (await SettleAsync(() => channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct)))
                {
                    Interlocked.Increment(ref _projected);
                }

                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // Unacknowledged: the broker hands it out again.
            }
            catch (Exception e) when (e is RedisConnectionException or RedisUnavailableException or TimeoutException)
            {
                LogRedisAway(order.Id, e.Message, backoff);
                attempt = 0;
            }
            catch (Exception e) when (attempt < o.AttemptsPerDelivery)
            {
                LogRetry(order.Id, attempt, e.Message);
            }
            catch (Exception e)
            {
                LogHandedBack(order.Id, attempt, e.Message);
                await SettleAsync(() => channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, ct));
                return;
            }

            await Task.Delay(backoff, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            backoff = Min(backoff * 2, o.MaxRetryBackoff);
        }
    }

    // An ack/nack on a channel that has gone is moot: the broker redelivers the message. The call itself is inside
    // the try: on a closed channel the client throws before it returns a task.
    private static async Task<bool> SettleAsync(Func<ValueTask> settle)
    {
        try
        {
            await settle();
            return true;
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming consumer group {Group}")]
    private partial void LogConsuming(string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order event consumer paused: {Reason}; reconnecting in {Backoff}")]
    private partial void LogBrokerAway(string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison message {MessageId} dead-lettered: {Reason}")]
    private partial void LogPoison(string? messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} not projected, Redis unavailable ({Reason}); retrying in {Backoff}")]
    private partial void LogRedisAway(Guid orderId, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} projection attempt {Attempt} failed: {Reason}")]
    private partial void LogRetry(Guid orderId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} projection failed {Attempt} times ({Reason}); handed back to the broker")]
    private partial void LogHandedBack(Guid orderId, int attempt, string reason);
}
