using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Bookings;

[Collection("servers")]
public sealed class SeatHoardingTests(TestServers servers)
{
    [Fact]
    public async Task A_user_cannot_open_more_bookings_than_allowed_even_all_at_once()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false,
            settings: new Dictionary<string, string> { ["Ticketing:MaxOpenBookingsPerUser"] = "3" });
        var buyer = (await sale.BuyersAsync(1))[0];
        await buyer.GetAsync("/api/bookings");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await buyer.SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
            return (Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(3, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a =>
        {
            Assert.Equal(409, a.Status);
            Assert.Equal("too_many_open_bookings", JsonDocument.Parse(a.Body).RootElement.GetProperty("code").GetString());
        });
        Assert.Equal(3, await sale.ScalarAsync<long>("select count(*) from bookings"));

        var open = (await buyer.GetAsync("/api/bookings")).EnumerateArray().First().GetProperty("id").GetInt64();
        using (var cancel = await buyer.CancelAsync(open))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        await buyer.CreateBookingAsync(sale.EventId);
    }

    [Fact]
    public async Task Selecting_a_held_seat_again_does_not_extend_its_hold()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        var redis = sale.Host.Services.GetRequiredService<RedisConnection>().Database;
        var key = $"seat:{sale.SeatIds[0]}";
        using (var first = await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var full = TimeSpan.FromMinutes(5);
        TimeSpan? left = null;
        await Poll.UntilAsync(async () => (left = await redis.KeyTimeToLiveAsync(key)) < full - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20),
            "a second of the hold to pass");

        using var again = await buyer.SelectAsync(booking, sale.SeatIds[0]);
        var after = await redis.KeyTimeToLiveAsync(key);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(after <= left, $"the hold was extended from {left} to {after}");
    }
}
