using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Servers;

/// <summary>
/// deploy/redis/redis.conf as the fixtures (and ./rush up) run it: what is written survives a restart, and
/// when memory runs out Redis refuses writes instead of evicting keys (or being OOM-killed).
/// </summary>
public sealed class RedisDurabilityTests
{
    [Fact]
    public async Task Keys_written_before_a_restart_are_there_after_it_with_their_ttl()
    {
        await using var server = await RedisServer.StartAsync();
        using (var before = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            var db = before.GetDatabase();
            // The shapes of the hot state: a slot's load (hash), a seat hold and a session (strings with a TTL).
            await db.HashSetAsync("kitchen:slot:202612021900", [new HashEntry("price", 4200), new HashEntry("minutes", 35)]);
            Assert.True(await db.StringSetAsync("ticketing:hold:1:42", "booking-7", TimeSpan.FromMinutes(10)));
            Assert.True(await db.StringSetAsync("session:abc", "user:1", TimeSpan.FromHours(1)));
        }

        await server.StopAsync(); // SIGTERM
        await server.StartAgainAsync();

        using var after = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var again = after.GetDatabase();
        Assert.Equal(4200, (long)await again.HashGetAsync("kitchen:slot:202612021900", "price"));
        Assert.Equal("booking-7", (string?)await again.StringGetAsync("ticketing:hold:1:42"));
        Assert.Equal("user:1", (string?)await again.StringGetAsync("session:abc"));
        var holdTtl = await again.KeyTimeToLiveAsync("ticketing:hold:1:42");
        Assert.InRange(holdTtl!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task The_fixture_runs_the_repository_configuration()
    {
        await using var server = await RedisServer.StartAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var config = (await redis.GetServer(redis.GetEndPoints()[0]).ConfigGetAsync("*"))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        Assert.Equal("yes", config["appendonly"]);
        Assert.Equal("everysec", config["appendfsync"]);
        Assert.Equal("noeviction", config["maxmemory-policy"]);
        Assert.Equal((256L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), config["maxmemory"]);
        Assert.NotEqual("", config["save"]);
    }

    [Fact]
    public async Task Past_maxmemory_a_write_is_refused_with_oom_and_no_key_is_evicted()
    {
        await using var server = await RedisServer.StartAsync("3mb");
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();
        var value = new string('x', 64 * 1024);

        var written = 0;
        RedisServerException? refused = null;
        for (var i = 0; i < 1000 && refused is null; i++)
        {
            try
            {
                _ = await db.StringSetAsync($"fill:{i}", value);
                written++;
            }
            catch (RedisServerException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.StartsWith("OOM", refused.Message, StringComparison.Ordinal);
        Assert.True(written > 0, "some writes fit before the limit");
        for (var i = 0; i < written; i++)
        {
            Assert.True(await db.KeyExistsAsync($"fill:{i}"), $"fill:{i} was evicted");
        }

        // Reads still work; deleting frees memory and writes are accepted again.
        Assert.Equal(value, (string?)await db.StringGetAsync("fill:0"));
        _ = await db.KeyDeleteAsync([.. Enumerable.Range(0, written).Select(i => (RedisKey)$"fill:{i}")]);
        Assert.True(await db.StringSetAsync("after", "ok"));
    }
}
