using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Rush.Platform.Observability;

namespace Rush.Platform.Messaging;

/// <summary>The event log on RabbitMQ: one durable topic exchange per topic, confirmed publishes.</summary>
/// <remarks>
/// Each topic is a durable <c>topic</c> exchange; consumer groups are durable queues bound to it
/// (declared by the consumers). Messages are persistent, routed by their key, and published on a
/// channel with publisher confirmations tracked, so <see cref="PublishAsync"/> returns only after
/// the broker has written every message. Publishing is serialized on one channel; callers batch.
/// Every publish is <c>mandatory</c>: a message no queue is bound for comes back as basic.return
/// (the client then fails the publish with <see cref="PublishException"/>), so an event that would
/// be silently dropped stays unsent in the outbox instead of being marked sent.
/// With <paramref name="eventsPerMessage"/> above 1, consecutive events of one topic travel as one
/// <see cref="EventBatch"/> message (consumers read it with <see cref="DeliveredEvents"/>): the broker's per-message
/// work (routing, quorum log entry, stream entry, confirm, delivery, ack) is then paid once per batch.
/// </remarks>
/// <param name="amqpUri">Broker address with credentials.</param>
/// <param name="log">Logger.</param>
/// <param name="eventsPerMessage">Most events per broker message; 1 = one message per event (what every consumer reads).</param>
/// <param name="publishTimeout">Longest wait for the broker's confirms of one publish (default 10 s).</param>
public sealed partial class RabbitMqEventLog(string amqpUri, ILogger<RabbitMqEventLog> log, int eventsPerMessage = 1, TimeSpan? publishTimeout = null)
    : IEventLog, IAsyncDisposable
{
    private readonly TimeSpan _publishTimeout = publishTimeout ?? TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <inheritdoc />
    public bool IsConnected => _connection?.IsOpen == true && _channel?.IsOpen == true;

    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(ct);
        var call = DependencyCall.Start("rabbitmq", "publish");
        var spans = new List<Activity>();

        // Confirms are awaited with a deadline: if one never comes (a broker that hangs, a lost connection the
        // client did not notice), an unbounded wait would stall the relay, the outbox lock and this gate for good. On timeout the connection is dropped and the events stay unsent for the next try.
        // The deadline is applied to the wait itself too (WaitAsync), not only handed to the client, so it holds
        // even where the client does not honour its token; the teardown after it is bounded (AmqpTeardown).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_publishTimeout);
        var timed = deadline.Token;
        try
        {
            var channel = await EnsureChannelAsync(timed);
            var confirms = new List<Task>(events.Count);
            if (eventsPerMessage > 1)
            {
                foreach (var batch in Batches(events, eventsPerMessage))
                {
                    await DeclareTopicAsync(channel, batch[0].Topic, timed);
                    confirms.Add(PublishBatchAsync(channel, batch, spans, timed));
                }

                await Task.WhenAll(confirms).WaitAsync(timed);
                call.Succeeded();
                return;
            }

            foreach (var e in events)
            {
                await DeclareTopicAsync(channel, e.Topic, timed);
                var props = new BasicProperties
                {
                    Persistent = true,
                    MessageId = e.MessageId.ToString(),
                    Type = e.Type,
                    ContentType = "application/x-protobuf",
                    CorrelationId = e.Key,
                };
                confirms.Add(PublishTracedAsync(channel, e, props, spans, timed));
            }

            await Task.WhenAll(confirms).WaitAsync(timed);
            call.Succeeded();
        }
        catch (PublishException e) when (e.IsReturn)
        {
            // The broker is fine and the channel stays open; nothing is bound to take the event (yet).
            call.Failed();
            throw new EventLogUnavailableException($"RabbitMQ returned an event as unroutable (no queue bound): {e.Message}", e);
        }
        catch (Exception e) when (e is not EventLogUnavailableException && !ct.IsCancellationRequested)
        {
            call.Failed();
            spans.ForEach(s => s.SetStatus(ActivityStatusCode.Error, e.Message));
            await ResetAsync();
            var reason = e is OperationCanceledException ? $"no confirm within {_publishTimeout}" : e.Message;
            throw new EventLogUnavailableException($"Publishing to RabbitMQ failed: {reason}", e);
        }
        finally
        {
            // A span lasts until the broker confirmed its message (or the batch failed).
            spans.ForEach(s => s.Dispose());
            _gate.Release();
        }
    }

    // Runs of consecutive events of one topic, at most `size` each: order is kept, and a batch never mixes topics.
    private static IEnumerable<OutgoingEvent[]> Batches(IReadOnlyList<OutgoingEvent> events, int size)
    {
        var current = new List<OutgoingEvent>(Math.Min(size, events.Count));
        foreach (var e in events)
        {
            if (current.Count == size || (current.Count > 0 && current[0].Topic != e.Topic))
            {
                yield return [.. current];
                current.Clear();
            }

            current.Add(e);
        }

        if (current.Count > 0)
        {
            yield return [.. current];
        }
    }

    // One message for the batch: each event keeps its own id, type, key and trace context inside it. Each event still
    // gets its producer span in its own trace (OpenTelemetry's per-message "create" span of a batch) and carries that
    // span's context in the batch, so an order's trace reads the same as with one message per event: request, publish,
    // consumer. The one send span of the message is linked to them.
    private static Task PublishBatchAsync(IChannel channel, OutgoingEvent[] batch, List<Activity> spans, CancellationToken ct)
    {
        var first = batch[0];
        var previous = Activity.Current;
        try
        {
            var events = batch.Select(e => StartPublishSpan(e, spans, "create") is { } span ? e with { TraceParent = span.Id } : e).ToArray();
            var links = events.Select(e => RushTracing.ParentFrom(e.TraceParent)).Where(c => c != default).Select(c => new ActivityLink(c));
            var send = RushTracing.Source.StartActivity(first.Topic + " send", ActivityKind.Producer, default(ActivityContext), links: links);
            if (send is not null)
            {
                spans.Add(send);
                send.SetTag("messaging.system", "rabbitmq");
                send.SetTag("messaging.operation.type", "send");
                send.SetTag("messaging.destination.name", first.Topic);
                send.SetTag("messaging.batch.message_count", batch.Length);
            }

            var props = new BasicProperties
            {
                Persistent = true,
                MessageId = $"{first.MessageId:N}+{batch.Length}",
                Type = EventBatch.MessageType,
                ContentType = EventBatch.ContentType,
                CorrelationId = first.Key,
            };
            return channel.BasicPublishAsync(first.Topic, first.Key, mandatory: true, props, EventBatch.Encode(events), ct).AsTask();
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    // The producer span continues the trace stored with the event (the request that caused it), and the
    // message carries the span's context as traceparent: with tracing off, the stored context itself.
    private static Task PublishTracedAsync(IChannel channel, OutgoingEvent e, BasicProperties props, List<Activity> spans, CancellationToken ct)
    {
        var span = StartPublishSpan(e, spans, "send");
        if ((span?.Id ?? e.TraceParent) is { } traceParent)
        {
            props.Headers = new Dictionary<string, object?> { [RushTracing.TraceParentHeader] = traceParent };
        }

        return channel.BasicPublishAsync(e.Topic, e.Key, mandatory: true, props, e.Body, ct).AsTask();
    }

    // The span never stays the current one, so the next event's span is not its child. It ends when the broker
    // confirmed its message (or the publish failed): PublishAsync disposes `spans`.
    private static Activity? StartPublishSpan(OutgoingEvent e, List<Activity> spans, string operation)
    {
        var previous = Activity.Current;
        var span = RushTracing.Source.StartActivity(e.Topic + " publish", ActivityKind.Producer, RushTracing.ParentFrom(e.TraceParent));
        Activity.Current = previous;
        if (span is not null)
        {
            spans.Add(span);
            span.SetTag("messaging.system", "rabbitmq");
            span.SetTag("messaging.operation.type", operation);
            span.SetTag("messaging.destination.name", e.Topic);
            span.SetTag("messaging.message.id", e.MessageId.ToString());
            span.SetTag("rush.event.type", e.Type);
        }

        return span;
    }

    /// <inheritdoc />
    public async Task EnsureConnectedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureChannelAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not EventLogUnavailableException)
        {
            throw new EventLogUnavailableException($"RabbitMQ channel could not be opened: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Messages ready in <paramref name="queue"/>, not yet handed to a consumer: a consumer group's lag.</summary>
    public async Task<uint> QueueDepthAsync(string queue, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await (await EnsureChannelAsync(ct)).MessageCountAsync(queue, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not EventLogUnavailableException)
        {
            // A missing queue closes the channel (404); the next publish opens a new one.
            await ResetAsync();
            throw new EventLogUnavailableException($"Queue {queue} could not be inspected: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes sure a topic's exchange exists (consumers bind their group queues to it).</summary>
    public async Task DeclareTopicAsync(string topic, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await DeclareTopicAsync(await EnsureChannelAsync(ct), topic, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens a new connection for a consumer (consumers must not share the publish channel).</summary>
    /// <remarks>
    /// Without the client's automatic recovery: after a broker crash (kill -9) a recovered connection could
    /// leave publishes waiting for confirms and consumers waiting for deliveries that never come
    /// (RabbitMQ.Client 7.x, rabbitmq-dotnet-client#1930; seen here in 2 of 3 fresh-clone runs). Publisher
    /// and consumers notice a dead connection themselves and open a new one, which is simple and testable.
    /// </remarks>
    public async Task<IConnection> ConnectAsync(string clientName, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(amqpUri),
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = clientName,
        };
        try
        {
            return await factory.CreateConnectionAsync(ct);
        }
        catch (BrokerUnreachableException e)
        {
            throw new EventLogUnavailableException($"RabbitMQ is unreachable: {e.Message}", e);
        }
    }

    private async Task<IChannel> EnsureChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await ResetAsync();
        _connection = await ConnectAsync("rush-publisher", ct);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        LogConnected();
        return _channel;
    }

    private async Task DeclareTopicAsync(IChannel channel, string topic, CancellationToken ct)
    {
        if (_declared.Contains(topic))
        {
            return;
        }

        await channel.ExchangeDeclareAsync(topic, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        _declared.Add(topic);
    }

    // Forgets the connection before dropping it: if the teardown hangs or fails, the next publish still starts afresh.
    private async Task ResetAsync()
    {
        _declared.Clear();
        var connection = _connection;
        _channel = null;
        _connection = null;
        await AmqpTeardown.DropAsync(connection);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ for publishing")]
    private partial void LogConnected();
}
