using RabbitMQ.Client;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Projection;

/// <summary>Declares the broker objects of the consumer group; every instance does it, it is idempotent.</summary>
/// <remarks>
/// <c>pizza-orders</c> (topic exchange) -> <c>{group}</c>: durable quorum queue, the consumer group. A
/// message the projector keeps failing on is redelivered <c>x-delivery-limit</c> times, a poison message
/// is rejected at once; both go through <c>{group}.dlx</c> to <c>{group}.dlq</c>, where they stay for a
/// human. <c>pizza-orders.stream</c>: a stream queue with the seed's Kafka retention (24 h, 5 GB), kept
/// for replays and future consumers; nothing reads it yet.
/// </remarks>
public static class OrderEventTopology
{
    /// <summary>Stream queue that keeps the topic's history.</summary>
    public const string Stream = OrderEvents.Topic + ".stream";

    /// <summary>Dead-letter queue of a consumer group.</summary>
    public static string DeadLetterQueue(string group) => group + ".dlq";

    /// <summary>Declares exchange, queues and bindings on <paramref name="channel"/>.</summary>
    public static async Task DeclareAsync(IChannel channel, ProjectionOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        var group = options.ConsumerGroup;
        var deadLetters = group + ".dlx";
        await channel.ExchangeDeclareAsync(OrderEvents.Topic, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(deadLetters, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);

        await channel.QueueDeclareAsync(DeadLetterQueue(group), durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        await channel.QueueBindAsync(DeadLetterQueue(group), deadLetters, "", cancellationToken: ct);

        await channel.QueueDeclareAsync(group, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = options.DeliveryLimit,
            ["x-dead-letter-exchange"] = deadLetters,
        }, cancellationToken: ct);
        await channel.QueueBindAsync(group, OrderEvents.Topic, "#", cancellationToken: ct);

        await channel.QueueDeclareAsync(Stream, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
        {
            ["x-queue-type"] = "stream",
            ["x-max-age"] = options.StreamMaxAge,
            ["x-max-length-bytes"] = options.StreamMaxLengthBytes,
        }, cancellationToken: ct);
        await channel.QueueBindAsync(Stream, OrderEvents.Topic, "#", cancellationToken: ct);
    }
}
