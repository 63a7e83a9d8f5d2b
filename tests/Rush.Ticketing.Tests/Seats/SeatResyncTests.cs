using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Seats;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Seats;

/// <summary>
/// Redis comes back empty (kill -9, data lost) or another master takes over (Sentinel failover): seats
/// Postgres has RESERVED or SOLD are still refused to other buyers, first by the hold asking Postgres and
/// then by the resync claiming them in Redis again.
/// </summary>
[Collection("servers")]
public sealed class SeatResyncTests(TestServers servers)
{
    [Fact]
    public async Task A_seat_sold_or_reserved_in_postgres_is_refused_after_redis_comes_back_empty()
    {
        // A Redis of this test's own, so killing it and deleting its data disturbs no other test.
        await using var redis = await RedisServer.StartAsync();
        await using var sale = await SaleHost.StartAsync(servers, settings: new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        var buyers = await sale.BuyersAsync(3);
        var (sold, reserved, free) = (sale.SeatIds[0], sale.SeatIds[1], sale.SeatIds[2]);

        var paid = await buyers[0].CreateBookingAsync(sale.EventId);
        using (await buyers[0].SelectAsync(paid, sold))
        {
        }

        await sale.Gateway!.CompleteAsync(await buyers[0].PayAsync(paid), "success");
        await Poll.UntilAsync(async () => await buyers[0].BookingStatusAsync(paid) == "paid", TimeSpan.FromSeconds(20), "the booking to be paid");

        var pending = await buyers[1].CreateBookingAsync(sale.EventId);
        using (await buyers[1].SelectAsync(pending, reserved))
        {
        }

        _ = await buyers[1].PayAsync(pending);
        Assert.Equal("SOLD", await sale.ScalarAsync<string>("select status from seats where id = $1", sold));
        Assert.Equal("RESERVED", await sale.ScalarAsync<string>("select status from seats where id = $1", reserved));

        await redis.KillAsync();
        await redis.DeleteDataAsync();
        await redis.StartAgainAsync();

        // Redis answers again and is empty; the breaker closes on its own probe.
        var resync = sale.Host.Services.GetRequiredService<SeatResync>();
        var third = 0L;
        await Poll.UntilAsync(async () =>
        {
            using var created = await buyers[2].SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
            third = created.StatusCode == HttpStatusCode.Created ? (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64() : 0;
            return third > 0;
        }, TimeSpan.FromSeconds(30), "bookings to be taken again after the Redis restart");

        using var soldAgain = await buyers[2].SelectAsync(third, sold);
        using var reservedAgain = await buyers[2].SelectAsync(third, reserved);
        Assert.Equal(419, (int)soldAgain.StatusCode);
        Assert.Equal(419, (int)reservedAgain.StatusCode);

        // And once the resync ran, Redis itself names the owners again (no Postgres question needed).
        await Poll.UntilAsync(() => Task.FromResult(resync.IsTrusted), TimeSpan.FromSeconds(30), "the seat resync to finish");
        var holders = await sale.Host.Services.GetRequiredService<SeatHolds>().HoldersAsync([sold, reserved, free]);
        Assert.Equal(new long?[] { paid, pending, null }, holders);
        using var soldLater = await buyers[2].SelectAsync(third, sold);
        using var freeHeld = await buyers[2].SelectAsync(third, free);
        Assert.Equal(419, (int)soldLater.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freeHeld.StatusCode);
    }

    [Fact]
    public async Task After_a_sentinel_failover_ticketing_resyncs_from_postgres_and_a_sold_seat_stays_refused()
    {
        await using var cluster = await RedisSentinelCluster.StartAsync();
        await using var sale = await SaleHost.StartAsync(servers, settings: new Dictionary<string, string> { ["ConnectionStrings:Redis"] = cluster.ConnectionString });
        var buyers = await sale.BuyersAsync(2);
        var sold = sale.SeatIds[0];
        var paid = await buyers[0].CreateBookingAsync(sale.EventId);
        using (await buyers[0].SelectAsync(paid, sold))
        {
        }

        await sale.Gateway!.CompleteAsync(await buyers[0].PayAsync(paid), "success");
        await Poll.UntilAsync(async () => await buyers[0].BookingStatusAsync(paid) == "paid", TimeSpan.FromSeconds(20), "the booking to be paid");
        var resync = sale.Host.Services.GetRequiredService<SeatResync>();
        var availability = sale.Host.Services.GetRequiredService<RedisConnection>().Availability;
        var epoch = availability.Epoch;

        var master = await cluster.MasterAsync();
        await master!.KillAsync();
        await Poll.UntilAsync(async () => await cluster.MasterAsync() is { } m && m != master, TimeSpan.FromSeconds(60), "the sentinels to promote a replica");

        // The host noticed the new master (CameBack, MasterChanged), and Ticketing resynced for it.
        await Poll.UntilAsync(() => Task.FromResult(availability.Epoch > epoch && resync.IsTrusted), TimeSpan.FromSeconds(60), "the seat resync after the failover");
        var other = 0L;
        await Poll.UntilAsync(async () =>
        {
            using var created = await buyers[1].SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
            other = created.StatusCode == HttpStatusCode.Created ? (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64() : 0;
            return other > 0;
        }, TimeSpan.FromSeconds(30), "bookings to be taken on the new master");
        using var soldAgain = await buyers[1].SelectAsync(other, sold);
        using var free = await buyers[1].SelectAsync(other, sale.SeatIds[1]);
        Assert.Equal(419, (int)soldAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }
}
