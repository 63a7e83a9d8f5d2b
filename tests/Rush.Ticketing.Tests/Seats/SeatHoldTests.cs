using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Seats;

[Collection("servers")]
public sealed class SeatHoldTests(TestServers servers)
{
    [Fact]
    public async Task An_expired_hold_frees_the_seat_for_the_next_buyer()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false, settings: new Dictionary<string, string> { ["Ticketing:HoldTtl"] = "00:00:01" });
        var buyers = await sale.BuyersAsync(2);
        var first = await buyers[0].CreateBookingAsync(sale.EventId);
        var second = await buyers[1].CreateBookingAsync(sale.EventId);
        using var held = await buyers[0].SelectAsync(first, sale.SeatIds[0]);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal("SELECTED", await SeatStatusAsync(buyers[1], sale, sale.SeatIds[0]));

        await Poll.UntilAsync(async () => await SeatStatusAsync(buyers[1], sale, sale.SeatIds[0]) == "FREE", TimeSpan.FromSeconds(10), "the hold to lapse");

        using var taken = await buyers[1].SelectAsync(second, sale.SeatIds[0]);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("FREE", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));
        using var pay = await buyers[0].InitiatePaymentAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, pay.StatusCode);
    }

    [Fact]
    public async Task Analytics_counts_live_holds_as_selected_not_free()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        using (await buyer.SelectAsync(booking, sale.SeatIds[1]))
        {
        }

        var analytics = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/analytics?id={sale.EventId}");

        Assert.Equal(2, analytics.GetProperty("selected_seats").GetInt64());
        Assert.Equal(sale.SeatIds.Length, analytics.GetProperty("total_seats").GetInt64());
    }

    [Fact]
    public async Task Releasing_someone_elses_seat_is_refused_and_releasing_your_own_frees_it()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        using var held = await buyers[0].SelectAsync(booking, sale.SeatIds[3]);

        using var stolen = await buyers[1].ReleaseAsync(sale.SeatIds[3]);
        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);
        Assert.Equal("SELECTED", await SeatStatusAsync(buyers[0], sale, sale.SeatIds[3]));

        using var released = await buyers[0].ReleaseAsync(sale.SeatIds[3]);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("FREE", await SeatStatusAsync(buyers[0], sale, sale.SeatIds[3]));
        using var twice = await buyers[0].ReleaseAsync(sale.SeatIds[3]);
        Assert.Equal(419, (int)twice.StatusCode);
    }

    [Fact]
    public async Task Selecting_into_someone_elses_booking_is_403_and_an_unknown_booking_is_the_seeds_419()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);

        using var foreign = await buyers[1].SelectAsync(booking, sale.SeatIds[0]);
        using var unknown = await buyers[1].SelectAsync(999_999, sale.SeatIds[0]);
        using var noSeat = await buyers[0].SelectAsync(booking, 999_999_999);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(419, (int)unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSeat.StatusCode);
    }

    [Fact]
    public async Task A_booking_holds_at_most_the_configured_number_of_seats()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false, settings: new Dictionary<string, string> { ["Ticketing:MaxSeatsPerBooking"] = "2" });
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);

        using var one = await buyer.SelectAsync(booking, sale.SeatIds[0]);
        using var two = await buyer.SelectAsync(booking, sale.SeatIds[1]);
        using var three = await buyer.SelectAsync(booking, sale.SeatIds[2]);

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(419, (int)three.StatusCode);
        Assert.Equal("seat_limit", (await three.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/seats?event_id=0")]
    [InlineData("/api/seats")]
    [InlineData("/api/seats?event_id=1&pageSize=21")]
    [InlineData("/api/seats?event_id=1&page=0")]
    [InlineData("/api/seats?event_id=1&status=BOOKED")]
    public async Task Bad_seat_queries_are_400_problems(string path)
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];

        using var response = await buyer.SendAsync(HttpMethod.Get, path, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Seat_list_pages_and_filters_by_row_and_status()
    {
        await using var sale = await SaleHost.StartAsync(servers, seats: 30, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];
        await sale.ScalarAsync<int>("with s as (update seats set status = 'SOLD', booking_id = 0 where id = $1 returning 1) select 1", sale.SeatIds[0]);

        using var response = await buyer.SendAsync(HttpMethod.Get, $"/api/seats?event_id={sale.EventId}&row=2&pageSize=5&page=2", null);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var sold = await buyer.GetAsync($"/api/seats?event_id={sale.EventId}&status=SOLD");

        Assert.Equal("10", Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Contains("page=1>; rel=\"prev\"", Assert.Single(response.Headers.GetValues("Link")), StringComparison.Ordinal);
        Assert.Equal([16, 17, 18, 19, 20], page.EnumerateArray().Select(s => s.GetProperty("row").GetInt32() * 10 - 10 + s.GetProperty("number").GetInt32()));
        Assert.Equal(sale.SeatIds[0], Assert.Single(sold.EnumerateArray()).GetProperty("id").GetInt64());
    }

    private static async Task<string> SeatStatusAsync(Buyer buyer, SaleHost sale, long seatId)
    {
        var page = await buyer.GetAsync($"/api/seats?event_id={sale.EventId}&pageSize=20");
        return page.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == seatId).GetProperty("status").GetString()!;
    }
}
