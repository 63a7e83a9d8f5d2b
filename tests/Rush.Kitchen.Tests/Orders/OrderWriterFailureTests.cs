using Microsoft.Extensions.Logging.Abstractions;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Slots;
using Rush.Platform.Messaging.Outbox;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Kitchen.Tests.Orders;

[Collection("servers")]
public sealed class OrderWriterFailureTests(TestServers servers)
{
    [Fact]
    public async Task An_unexpected_writer_failure_fails_the_waiting_callers_and_the_writer_keeps_going()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var clock = new BreakingClock();
        using var signal = new OutboxSignal();
        using var store = new OrderStore(host.Database, signal, clock, NullLogger<OrderStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        try
        {
            clock.BreakNext();
            var failed = store.AddAsync(Order(), null, Placed(), Slot(), CancellationToken.None);

            // A hung caller would time out here instead of getting the refusal.
            var refusal = await Assert.ThrowsAsync<OrderRejectedException>(() => failed.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(RejectionKind.Unavailable, refusal.Kind);

            var next = Order();
            Assert.Equal(StoreOutcome.Stored, await store.AddAsync(next, null, Placed(next), Slot(next), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, await host.CountAsync("orders", $"id = '{next.Id}'"));
        }
        finally
        {
            await store.StopAsync(CancellationToken.None);
        }
    }

    private static KitchenOrder Order()
    {
        var now = DateTimeOffset.UtcNow;
        return new KitchenOrder(Guid.CreateVersion7(now), now, "abcd", 1, "Иван", "", "+79001234567", true, null,
            [new OrderItem("classic", "Пицца Классическая", 1, [], 962m, 962m, 12, "oven", [])], 962m, 12, KitchenOrder.Pending, 1,
            now.AddMinutes(30), now, null);
    }

    // A roomy slot: the commit charges the Postgres slot ledger against its limit.
    private static SlotReservation Slot(KitchenOrder? order = null)
    {
        var o = order ?? Order();
        return new SlotReservation(o.Id, o.SlotStart, o.SlotStart.AddMinutes(15), o.VisibleAt, o.DisplayId, DateTimeOffset.MaxValue,
            new SlotAmounts(KitchenCalendar.ToMinor(o.TotalPrice), o.MakeMinutes), new SlotAmounts(long.MaxValue / 4, long.MaxValue / 4),
            DateOnly.FromDateTime(o.SlotStart.UtcDateTime), InPostgres: false);
    }

    private static Rush.Platform.Messaging.OutgoingEvent Placed(KitchenOrder? order = null) =>
        OrderEvents.Placed(order ?? Order(), DateTimeOffset.UtcNow);

    /// <summary>A clock that throws once on demand: a fault the writer does not expect.</summary>
    private sealed class BreakingClock : TimeProvider
    {
        private int _break;

        public void BreakNext() => Volatile.Write(ref _break, 1);

        public override DateTimeOffset GetUtcNow() =>
            Interlocked.Exchange(ref _break, 0) == 1 ? throw new InvalidOperationException("the clock broke") : base.GetUtcNow();
    }
}
