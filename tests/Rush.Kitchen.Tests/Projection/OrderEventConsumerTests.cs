using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Tests.Screens;
using Rush.Platform.Messaging;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Kitchen.Tests.Screens.ScreenTestClient;

namespace Rush.Kitchen.Tests.Projection;

[Collection("servers")]
public sealed class OrderEventConsumerTests(TestServers servers)
{
    private static readonly TimeSpan BrokerRecovery = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_poison_message_is_dead_lettered_and_the_next_good_order_is_still_projected()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var erp = await ConnectAsync(host, "erp");
        var consumer = host.Services.GetRequiredService<OrderEventConsumer>();
        var log = host.Services.GetRequiredService<IEventLog>();
        var poison = new OutgoingEvent(OrderEvents.Topic, "garbage", Guid.NewGuid(), "OrderPlaced", new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f });

        await log.PublishAsync([poison], CancellationToken.None);
        var order = EventOnlyOrder();
        await log.PublishAsync([OrderEvents.Placed(order, order.CreatedAt)], CancellationToken.None);

        await erp.WaitForOrderAsync(order.Id, "the good order, projected by the consumer group");
        await Poll.UntilAsync(async () => await ScreensPipeline.DeadLetteredAsync(servers) == 1, Patience, "the poison message in the DLQ");
        Assert.Equal(1, consumer.Rejected);
    }

    [Fact]
    public async Task Every_order_of_a_batch_message_is_projected_and_a_poison_event_in_it_sends_the_message_to_the_dlq()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var erp = await ConnectAsync(host, "erp");
        var consumer = host.Services.GetRequiredService<OrderEventConsumer>();
        await using var batches = new RabbitMqEventLog(servers.RabbitMq.AmqpUri, NullLogger<RabbitMqEventLog>.Instance, eventsPerMessage: 10);
        var (first, second, third) = (EventOnlyOrder(), EventOnlyOrder(), EventOnlyOrder());
        var poison = new OutgoingEvent(OrderEvents.Topic, "garbage", Guid.NewGuid(), "OrderPlaced", new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f });

        await batches.PublishAsync([OrderEvents.Placed(first, first.CreatedAt), OrderEvents.Placed(second, second.CreatedAt)], CancellationToken.None);
        await batches.PublishAsync([poison, OrderEvents.Placed(third, third.CreatedAt)], CancellationToken.None);

        await erp.WaitForOrderAsync(first.Id, "the first order of the batch");
        await erp.WaitForOrderAsync(second.Id, "the second order of the batch");
        await erp.WaitForOrderAsync(third.Id, "the good order beside the poison event");
        await Poll.UntilAsync(async () => await ScreensPipeline.DeadLetteredAsync(servers) == 1, Patience, "the batch with the poison event in the DLQ");
        Assert.Equal(2, consumer.Projected);
        Assert.Equal(1, consumer.Rejected);
    }

    [Fact]
    public async Task A_message_the_projector_keeps_failing_on_is_dead_lettered_after_the_delivery_limit()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        var order = EventOnlyOrder();
        // A key of the wrong type makes order-project.lua fail on this order every time (WRONGTYPE).
        await host.Services.GetRequiredService<RedisConnection>().Database.StringSetAsync(HotStateKeys.State(order.Id), "not a hash");

        await host.Services.GetRequiredService<IEventLog>().PublishAsync([OrderEvents.Placed(order, order.CreatedAt)], CancellationToken.None);

        await Poll.UntilAsync(async () => await ScreensPipeline.DeadLetteredAsync(servers) == 1, Patience, "the failing message in the DLQ");
        Assert.Equal(0, host.Services.GetRequiredService<OrderEventConsumer>().Projected);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_changes_nothing_the_second_time()
    {
        await using var host = await ScreensPipeline.StartAsync(servers);
        await using var kds = await ConnectAsync(host, "kds");
        await using var erp = await ConnectAsync(host, "erp");
        var consumer = host.Services.GetRequiredService<OrderEventConsumer>();
        var order = EventOnlyOrder();
        var placed = OrderEvents.Placed(order, order.CreatedAt);

        await host.Services.GetRequiredService<IEventLog>().PublishAsync([placed, placed], CancellationToken.None);

        await Poll.UntilAsync(() => Task.FromResult(consumer.Projected == 2), Patience, "both deliveries to be processed");
        await kds.WaitForOrderAsync(order.Id, "the order on the KDS");
        var sentinel = await ScreensPipeline.PlaceAsync(host);
        await Task.WhenAll(kds.WaitForOrderAsync(sentinel, "a later order on the KDS"), erp.WaitForOrderAsync(sentinel, "a later order on the ERP"));

        Assert.Single(kds.About(order.Id));
        Assert.Single(erp.About(order.Id));
        var db = host.Services.GetRequiredService<RedisConnection>().Database;
        Assert.Equal(2, (long)await db.StringGetAsync(HotStateKeys.TotalCount));
        Assert.Equal(2, (long)await db.StringGetAsync(HotStateKeys.PendingCount));
        Assert.Single(await db.ListRangeAsync(HotStateKeys.KitchenQueue), v => v == order.Id.ToString());
    }

    [Fact(Skip = "RabbitMQ 3.10 (Debian's) sometimes does not serve the consumer group's quorum queue or the stream for more than 4 min after a kill -9 "
        + "of a broker whose queues are seconds old (3 of 4 fresh-clone runs on 2026-12-02; its log: 'leader call - leader not known', or 404 'home node down'). "
        + "The outbox keeps every event meanwhile; RabbitMqOutageDrill still kills the broker under load. See README 'At-least-once publish'.")]
    public async Task With_the_broker_killed_during_a_burst_every_order_shows_exactly_once()
    {
        // A broker of its own, its queues declared once as in production. On the shared broker, whose quorum queues the
        // other tests delete and re-create, RabbitMQ 3.10 sometimes came back from a kill -9 with the consumer group's
        // queue leaderless ("leader call - leader not known" in its log) and confirmed no publish for minutes: a broker
        // artefact of that churn, not the crash this test is about. Killing its own broker also disturbs no other test.
        await using var broker = await RabbitMqServer.StartAsync();
        await using var host = await ScreensPipeline.StartAsync(servers, settings: new Dictionary<string, string> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri });
        await using var kds = await ConnectAsync(host, "kds");
        var consumer = host.Services.GetRequiredService<OrderEventConsumer>();
        var ids = new List<Guid>();

        // A first order through the whole pipeline before the kill: its publish confirmed = the queues are on disk.
        var first = await ScreensPipeline.PlaceAsync(host);
        await kds.WaitForOrderAsync(first, "a first order on the KDS");
        await Poll.UntilAsync(() => Task.FromResult(consumer.Projected >= 1), Patience, "the consumer group to process a first event");
        try
        {
            await broker.KillAsync();
            for (var i = 0; i < 50; i++)
            {
                ids.Add(await ScreensPipeline.PlaceAsync(host));
            }

            // The local projector kept the screen live while the broker was away.
            await kds.WaitForAsync(_ => ids.All(id => kds.About(id).Count > 0), "all 50 orders on the KDS with the broker down");
        }
        finally
        {
            await broker.StartAgainAsync();
        }

        // A restarted broker accepts connections before it serves its queues again (the stream: 404 "home node ... is
        // down" for a while after a kill -9), and until then it confirms no publish routed to them: the outbox keeps the
        // events. That wait is RabbitMQ's, bounded by BrokerRecovery; once the queues are served, the drain and the
        // consumer are Rush's: within Patience plus one unconfirmed publish that may be under way then (10 s confirm
        // timeout, then a teardown of at most 10 s).
        await Poll.UntilAsync(() => ScreensPipeline.QueuesServedAsync(broker.AmqpUri), BrokerRecovery, "the restarted broker to serve the queue and the stream");
        await Poll.UntilAsync(async () => await host.CountAsync("outbox", "sent_at is null") == 0, Patience + TimeSpan.FromSeconds(20), "the outbox to drain");
        await Poll.UntilAsync(() => Task.FromResult(consumer.Projected >= 51), Patience, "the consumer group to resume and process the burst");
        var sentinel = await ScreensPipeline.PlaceAsync(host);
        await kds.WaitForOrderAsync(sentinel, "an order placed after the broker came back");

        Assert.All(ids, id => Assert.Single(kds.About(id)));
    }

    // An order that exists only as an event (not in Postgres, never projected locally): only the consumer group can show it.
    private static KitchenOrder EventOnlyOrder()
    {
        var pizza = DemoMenu.Pizzas[0];
        var now = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7();
        return new KitchenOrder(id, now, id.ToString("N")[^4..], 7, "Пётр", "", "+79001234567", true, null,
            [new OrderItem(pizza.Id, pizza.Name, 1, [], pizza.Price, pizza.Price, pizza.MakeMinutes, pizza.Station, pizza.Ingredients)],
            pizza.Price, pizza.MakeMinutes, KitchenOrder.Pending, 1, now.AddMinutes(15), now.AddMinutes(-15), null);
    }
}
