using System.Net;
using System.Text.Json;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Seats;

[Collection("servers")]
public sealed class FreeSeatTests(TestServers servers)
{
    [Fact]
    public async Task Free_list_leaves_out_held_seats_and_counts_only_seats_anyone_can_take()
    {
        await using var sale = await SaleHost.StartAsync(servers, seats: 30, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        foreach (var seat in new[] { sale.SeatIds[0], sale.SeatIds[1], sale.SeatIds[12] })
        {
            using var held = await buyers[0].SelectAsync(booking, seat);
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        }

        var (all, more) = await FreeAsync(buyers[1], sale, "pageSize=20&page=1", "pageSize=20&page=2");
        var (rowTwo, rowMore) = await FreeAsync(buyers[1], sale, "row=2&pageSize=5&page=1", "row=2&pageSize=5&page=2");

        Assert.Equal(sale.SeatIds.Except([sale.SeatIds[0], sale.SeatIds[1], sale.SeatIds[12]]).Order(), all.Order());
        Assert.Equal(sale.SeatIds[10..20].Except([sale.SeatIds[12]]).Order(), rowTwo.Order());
        Assert.Equal([true, false], more);
        Assert.Equal([true, false], rowMore);
    }

    [Fact]
    public async Task A_released_seat_is_listed_free_again_at_once()
    {
        await using var sale = await SaleHost.StartAsync(servers, seats: 10, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        using (await buyers[0].SelectAsync(booking, sale.SeatIds[4]))
        {
        }

        var (whileHeld, _) = await FreeAsync(buyers[1], sale, "pageSize=20");
        using (await buyers[0].ReleaseAsync(sale.SeatIds[4]))
        {
        }

        var (afterRelease, _) = await FreeAsync(buyers[1], sale, "pageSize=20");

        Assert.DoesNotContain(sale.SeatIds[4], whileHeld);
        Assert.Equal(9, whileHeld.Count);
        Assert.Equal(sale.SeatIds.Order(), afterRelease.Order());
    }

    [Fact]
    public async Task Concurrent_buyers_who_each_take_the_first_free_seat_listed_almost_all_succeed()
    {
        const int Buyers = 40;
        await using var sale = await SaleHost.StartAsync(servers, seats: 200, gateway: false);
        var buyers = await sale.BuyersAsync(Buyers, "rusher");
        // Sign each buyer in once, so the race below is about seats, not about hashing passwords.
        await Task.WhenAll(buyers.Select(b => b.GetAsync("/api/bookings")));
        using var start = new SemaphoreSlim(0);

        var attempts = buyers.Select(async buyer =>
        {
            await start.WaitAsync();
            var first = (await buyer.GetAsync($"/api/seats?event_id={sale.EventId}&status=FREE&pageSize=5")).EnumerateArray().First().GetProperty("id").GetInt64();
            var booking = await buyer.CreateBookingAsync(sale.EventId);
            using var select = await buyer.SelectAsync(booking, first);
            if (select.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            var mine = (await buyer.GetAsync("/api/bookings")).EnumerateArray().Single(b => b.GetProperty("id").GetInt64() == booking);
            return mine.GetProperty("seats").EnumerateArray().Any(s => s.GetProperty("id").GetInt64() == first);
        }).ToList();
        start.Release(Buyers);
        var results = await Task.WhenAll(attempts);

        var succeeded = results.Count(r => r);
        Assert.True(succeeded >= Buyers * 95 / 100, $"{succeeded} of {Buyers} buyers got the first seat they were shown");
    }

    // Reads the given pages of status=FREE and returns every seat id and, per page, whether its Link says a next page follows.
    private static async Task<(List<long> Ids, List<bool> More)> FreeAsync(Buyer buyer, SaleHost sale, params string[] pages)
    {
        var ids = new List<long>();
        var more = new List<bool>();
        foreach (var query in pages)
        {
            using var response = await buyer.SendAsync(HttpMethod.Get, $"/api/seats?event_id={sale.EventId}&status=FREE&{query}", null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            var seats = JsonDocument.Parse(body).RootElement;
            Assert.All(seats.EnumerateArray(), s => Assert.Equal("FREE", s.GetProperty("status").GetString()));
            ids.AddRange(seats.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
            more.Add(Assert.Single(response.Headers.GetValues("Link")).Contains("rel=\"next\"", StringComparison.Ordinal));
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        return (ids, more);
    }
}
