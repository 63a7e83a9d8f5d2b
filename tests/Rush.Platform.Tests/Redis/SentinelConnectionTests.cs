using Microsoft.Extensions.Logging.Abstractions;
using Rush.Platform.Redis;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Redis;

/// <summary>RedisConnection given the Sentinel form reaches the master a real redis-sentinel names.</summary>
[Collection("servers")]
public sealed class SentinelConnectionTests(TestServers servers)
{
    [Fact]
    public async Task Connection_string_in_the_Sentinel_form_writes_to_the_master_the_sentinel_names()
    {
        await using var sentinel = await RedisSentinelServer.StartAsync(servers.Redis, "rush-test");
        await using var connection = new RedisConnection(sentinel.ConnectionString, NullLogger<RedisConnection>.Instance);
        var key = "test:sentinel:" + Guid.NewGuid().ToString("N");

        await connection.ConnectAsync();
        await connection.Database.StringSetAsync(key, "through-sentinel");

        // Read back on the master directly: the write went there, not to the sentinel.
        await using var master = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        Assert.Equal("through-sentinel", (string?)await master.GetDatabase().StringGetAsync(key));
        Assert.True(connection.IsConnected);
    }
}
