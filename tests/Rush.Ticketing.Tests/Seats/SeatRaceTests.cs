using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Seats;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Seats;

[Collection("servers")]
public sealed class SeatRaceTests(TestServers servers)
{
    private const int Seats = 100;
    private const int Clients = 1000;

    [Fact]
    public async Task Thousand_clients_racing_for_hundred_seats_hold_each_seat_once_and_sell_it_once()
    {
        await using var sale = await SaleHost.StartAsync(servers, seats: Seats);
        var buyers = await sale.BuyersAsync(Clients, "racer");
        // Bookings are made ahead (bounded, like buyers arriving over a minute); the race is the select below.
        var bookings = new long[Clients];
        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => bookings[i] = await buyers[i].CreateBookingAsync(sale.EventId));

        // Ten clients per seat, all at once.
        var attempts = await Task.WhenAll(buyers.Select(async (buyer, i) =>
        {
            var seat = sale.SeatIds[i % Seats];
            using var response = await buyer.SelectAsync(bookings[i], seat);
            return (Seat: seat, Booking: bookings[i], Buyer: buyer, Status: response.StatusCode);
        }));

        Assert.All(attempts, a => Assert.Contains((int)a.Status, new[] { 200, 419 }));
        var winners = attempts.Where(a => a.Status == HttpStatusCode.OK).Select(a => (a.Seat, a.Booking)).ToList();
        Assert.Empty(HoldChecker.DoubleHolds(winners));
        Assert.Equal(Seats, winners.Select(w => w.Seat).Distinct().Count());
        var holders = await sale.Host.Services.GetRequiredService<SeatHolds>().HoldersAsync(sale.SeatIds);
        Assert.Equal(winners.OrderBy(w => w.Seat).Select(w => (long?)w.Booking), holders);

        var payers = attempts.Where(a => a.Status == HttpStatusCode.OK).ToList();
        var payments = await Task.WhenAll(payers.Select(p => p.Buyer.PayAsync(p.Booking)));
        await Task.WhenAll(payments.Select(id => sale.Gateway!.CompleteAsync(id, "success")));
        await Poll.UntilAsync(async () => await sale.ScalarAsync<long>("select count(*) from bookings where status = 'paid'") == Seats,
            TimeSpan.FromSeconds(60), "every winning booking to be paid through the webhooks");

        Assert.Equal(Seats, await sale.ScalarAsync<long>("select count(*) from seats where status = 'SOLD'"));
        Assert.Equal(Seats, await sale.ScalarAsync<long>("select count(distinct booking_id) from seats where status = 'SOLD'"));
        Assert.Equal(Seats, await sale.ScalarAsync<long>(
            "select count(distinct bs.seat_id) from booking_seats bs join bookings b on b.id = bs.booking_id where b.status = 'paid'"));
        Assert.Equal(Seats, await sale.ScalarAsync<long>(
            "select count(*) from booking_seats bs join bookings b on b.id = bs.booking_id where b.status = 'paid'"));
    }

    [Fact]
    public async Task Control_run_the_checker_catches_a_naive_get_then_set_hold()
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var seats = Enumerable.Range(1, 10).Select(i => (long)(900_000 + i)).ToArray();
        await db.KeyDeleteAsync(seats.Select(s => (StackExchange.Redis.RedisKey)SeatKeys.Seat(s)).ToArray());

        // The seed's bug shape: read, decide, write, with no atomicity between the read and the write.
        var racers = Enumerable.Range(0, 100).Select(i => (Seat: seats[i % seats.Length], Booking: (long)i)).ToArray();
        var seen = await Task.WhenAll(racers.Select(r => db.StringGetAsync(SeatKeys.Seat(r.Seat))));
        var winners = new List<(long Seat, long Booking)>();
        for (var i = 0; i < racers.Length; i++)
        {
            if (!seen[i].HasValue)
            {
                await db.StringSetAsync(SeatKeys.Seat(racers[i].Seat), racers[i].Booking);
                winners.Add(racers[i]);
            }
        }

        Assert.Equal(seats.Length, HoldChecker.DoubleHolds(winners).Count);
    }

    [Fact]
    public async Task A_held_seat_is_refused_to_another_booking_with_the_seeds_419()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var (alice, bob) = (await sale.BuyersAsync(2, "pair")) is var b ? (b[0], b[1]) : default;
        var first = await alice.CreateBookingAsync(sale.EventId);
        var second = await bob.CreateBookingAsync(sale.EventId);

        using var held = await alice.SelectAsync(first, sale.SeatIds[0]);
        using var refused = await bob.SelectAsync(second, sale.SeatIds[0]);
        using var again = await alice.SelectAsync(first, sale.SeatIds[0]);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(419, (int)refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var ttl = await sale.Host.Services.GetRequiredService<RedisConnection>().Database.KeyTimeToLiveAsync(SeatKeys.Seat(sale.SeatIds[0]));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
    }
}
