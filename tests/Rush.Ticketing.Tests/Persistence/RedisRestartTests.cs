using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Seats;
using Rush.Ticketing.Tests.Support;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Rush.Ticketing.Tests.Persistence;

/// <summary>
/// deploy/redis/redis.conf (AOF everysec + RDB) keeps the hot state across a Redis restart: a slot's load,
/// a seat hold and a session written by the real code paths are there, and act, after the restart.
/// </summary>
/// <remarks>A whole-host test (Kitchen intake, Ticketing holds, Identity sessions) that lives here for SaleHost's event and buyers.</remarks>
[Collection("servers")]
public sealed class RedisRestartTests(TestServers servers, ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Slot_loads_seat_holds_and_sessions_survive_a_redis_restart(bool crash)
    {
        // A Redis of this test's own, restarted on the same port and data folder.
        await using var redis = await RedisServer.StartAsync();
        await using var sale = await SaleHost.StartAsync(servers, gateway: false,
            settings: new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        using (var held = await buyers[0].SelectAsync(booking, sale.SeatIds[0]))
        {
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        }

        var token = await SignInAsync(sale.Host, buyers[0].Email);
        var slot = await PlaceOrderAsync(sale.Host);
        string[] keys = [slot, SeatKeys.Seat(sale.SeatIds[0]), SeatKeys.BookingSeats(booking), SessionStore.Key(token)];
        var before = await ReadAsync(redis, keys);
        Assert.All(before, kv => Assert.NotEqual("(missing)", kv.Value));

        if (crash)
        {
            // kill -9 loses what Redis has not written to the AOF yet. Replies are sent after the write(2) of
            // the AOF buffer, so once the buffer is empty and no fsync is queued the kernel has every write:
            // a process crash loses nothing (the everysec window is about a machine crash).
            await Poll.UntilAsync(async () => await AofFlushedAsync(redis), TimeSpan.FromSeconds(10), "the AOF buffer to be written");
            await redis.KillAsync();
        }
        else
        {
            await redis.StopAsync();
        }

        await redis.StartAgainAsync();

        Assert.Equal(before, await ReadAsync(redis, keys));

        // And they act: the session authenticates, the held seat is refused to another buyer.
        var seen = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions/current");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await sale.Host.Rest.SendAsync(request);
            seen.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the session to authenticate again");

        // Until the host's connection is back, a bearer request is refused as "retry" (503 redis_unavailable), never a 500.
        output.WriteLine($"answers while the host reconnected: {string.Join(" | ", seen.Select(s => s.Length > 3 ? s[..3] : s))}");
        Assert.All(seen, answer => Assert.True(answer.StartsWith("200", StringComparison.Ordinal) || answer.Contains("redis_unavailable", StringComparison.Ordinal), answer));
        var other = await buyers[1].CreateBookingAsync(sale.EventId);
        using var taken = await buyers[1].SelectAsync(other, sale.SeatIds[0]);
        Assert.Equal(419, (int)taken.StatusCode);
    }

    private static async Task<string> SignInAsync(RushTestHost host, string email)
    {
        using var response = await host.Rest.PostAsJsonAsync("/api/v1/sessions", new { email, password = SaleHost.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    // Places the seed's example order; returns its slot's load key (slot:{unix seconds of the start}).
    private static async Task<string> PlaceOrderAsync(RushTestHost host)
    {
        using var response = await host.Rest.PostAsJsonAsync("/api/v1/orders", new Dictionary<string, object?>
        {
            ["customerId"] = 12345,
            ["pizzaName"] = "Пицца Классическая",
            ["quantity"] = 2,
            ["customerFirstName"] = "Иван",
            ["customerLastName"] = "Иванов",
            ["customerPhone"] = "+79001234567",
            ["deliveryAddress"] = "ул. Ленина, д. 1",
            ["isPickup"] = false,
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var start = body.GetProperty("slotStartTime").GetDateTimeOffset().ToUnixTimeSeconds();
        return "slot:" + start.ToString(CultureInfo.InvariantCulture);
    }

    // Each key's type and value, straight from Redis (not through the host).
    private static async Task<Dictionary<string, string>> ReadAsync(RedisServer redis, string[] keys)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            values[key] = await db.KeyTypeAsync(key) switch
            {
                RedisType.String => "string " + await db.StringGetAsync(key),
                RedisType.Set => "set " + string.Join(',', (await db.SetMembersAsync(key)).Select(m => (string)m!).Order(StringComparer.Ordinal)),
                RedisType.Hash => "hash " + string.Join(',', (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal)),
                RedisType.None => "(missing)",
                var other => other.ToString(),
            };
        }

        return values;
    }

    private static async Task<bool> AofFlushedAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var info = (await connection.GetServer(connection.GetEndPoints()[0]).InfoAsync("persistence"))
            .SelectMany(g => g).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return info.GetValueOrDefault("aof_enabled") == "1" && info.GetValueOrDefault("aof_last_write_status") == "ok"
            && info.GetValueOrDefault("aof_buffer_length") == "0" && info.GetValueOrDefault("aof_pending_bio_fsync") == "0";
    }
}
