using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using Rush.Platform.Messaging;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Messaging;

/// <summary>Batches through a real RabbitMQ: few messages, every event read back in order; plain messages unchanged.</summary>
[Collection("servers")]
public sealed class BatchedPublishTests(TestServers servers)
{
    private const string TraceParent = EventBatchTests.TraceParent;

    [Fact]
    public async Task Events_published_in_batches_reach_a_bound_queue_as_few_messages_and_read_back_in_order()
    {
        var topic = "batched-" + Guid.NewGuid().ToString("N");
        await using var eventLog = new RabbitMqEventLog(servers.RabbitMq.AmqpUri, NullLogger<RabbitMqEventLog>.Instance, eventsPerMessage: 2);
        await eventLog.DeclareTopicAsync(topic, CancellationToken.None);
        await using var connection = await eventLog.ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(queue, topic, "#");
        var events = Enumerable.Range(1, 5)
            .Select(i => new OutgoingEvent(topic, $"order-{i}", Guid.NewGuid(), "OrderPlaced", new[] { (byte)i }) { TraceParent = TraceParent })
            .ToList();

        await eventLog.PublishAsync(events, CancellationToken.None);

        var read = new List<IncomingEvent>();
        var messages = 0;
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
        {
            messages++;
            read.AddRange(DeliveredEvents.Read(delivery.BasicProperties, delivery.Body.ToArray()));
        }

        Assert.Equal(3, messages);
        Assert.Equal(events.Select(e => e.MessageId), read.Select(e => e.MessageId));
        Assert.Equal(events.Select(e => e.Key), read.Select(e => e.Key));
        Assert.All(read, e => Assert.Equal(TraceParent, e.TraceParent));
    }

    [Fact]
    public async Task A_plain_message_reads_as_one_event()
    {
        var topic = "plain-" + Guid.NewGuid().ToString("N");
        await using var eventLog = new RabbitMqEventLog(servers.RabbitMq.AmqpUri, NullLogger<RabbitMqEventLog>.Instance);
        await eventLog.DeclareTopicAsync(topic, CancellationToken.None);
        await using var connection = await eventLog.ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(queue, topic, "#");
        var sent = new OutgoingEvent(topic, "order-1", Guid.NewGuid(), "OrderPlaced", new byte[] { 7 });

        await eventLog.PublishAsync([sent], CancellationToken.None);

        var delivery = await channel.BasicGetAsync(queue, autoAck: true);
        Assert.NotNull(delivery);
        var read = Assert.Single(DeliveredEvents.Read(delivery.BasicProperties, delivery.Body.ToArray()));
        Assert.Equal((sent.MessageId, sent.Type, sent.Key), (read.MessageId, read.Type, read.Key));
        Assert.Equal(new byte[] { 7 }, read.Body.ToArray());
    }
}
