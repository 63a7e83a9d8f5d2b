using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;
using Rush.Platform.Messaging;
using Rush.Platform.Messaging.Outbox;
using Rush.Platform.Persistence;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Messaging;

[Collection("servers")]
public sealed class UnroutableEventTests(TestServers servers)
{
    [Fact]
    public async Task An_event_no_queue_is_bound_for_stays_unsent_in_the_outbox()
    {
        var topic = "unbound-" + Guid.NewGuid().ToString("N");
        await using var db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("unroutable_events"));
        await new MigrationRunner(db, [new MigrationSource("platform", typeof(PlatformModule).Assembly, Order: 0)],
            NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        await using var eventLog = new RabbitMqEventLog(servers.RabbitMq.AmqpUri, NullLogger<RabbitMqEventLog>.Instance);
        await eventLog.DeclareTopicAsync(topic, CancellationToken.None);
        await using (var batch = db.CreateBatch())
        {
            OutboxTable.Append(batch, [new OutgoingEvent(topic, "order-1", Guid.NewGuid(), "OrderPlaced", new byte[] { 1, 2, 3 })]);
            await batch.ExecuteNonQueryAsync();
        }

        using var signal = new OutboxSignal();
        var relay = new OutboxRelay(db, eventLog, signal, Options.Create(new OutboxOptions()), NullLogger<OutboxRelay>.Instance);

        await Assert.ThrowsAsync<EventLogUnavailableException>(() => relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(1, await relay.CountUnsentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_event_a_queue_is_bound_for_is_published()
    {
        var topic = "bound-" + Guid.NewGuid().ToString("N");
        await using var eventLog = new RabbitMqEventLog(servers.RabbitMq.AmqpUri, NullLogger<RabbitMqEventLog>.Instance);
        await eventLog.DeclareTopicAsync(topic, CancellationToken.None);
        await using var connection = await eventLog.ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(queue, topic, "#");

        await eventLog.PublishAsync([new OutgoingEvent(topic, "order-1", Guid.NewGuid(), "OrderPlaced", new byte[] { 1 })], CancellationToken.None);

        Assert.Equal(1u, await channel.MessageCountAsync(queue));
    }
}
