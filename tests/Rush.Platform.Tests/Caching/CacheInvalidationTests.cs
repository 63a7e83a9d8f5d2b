using Npgsql;
using Rush.Platform.Caching;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Caching;

/// <summary>Invalidation after a write at the origin, across two instances sharing Redis and pub/sub.</summary>
[Collection("servers")]
public sealed class CacheInvalidationTests(TestServers servers) : IAsyncLifetime
{
    // Memory would keep the value for an hour: only an invalidation can make an instance see a change.
    private static readonly CacheEntryOptions Options = new("invalidation_test", TimeSpan.FromHours(1))
    {
        LocalDuration = TimeSpan.FromHours(1),
        HardTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly string _key = "test:invalidation:" + Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _db = null!;
    private CountingOrigin _origin = null!;
    private CacheNode _a = null!;
    private CacheNode _b = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("cache_invalidation"));
        _origin = await CountingOrigin.CreateAsync(_db, "old");
        _a = await CacheNode.StartAsync(servers.Redis.ConnectionString, _clock);
        _b = await CacheNode.StartAsync(servers.Redis.ConnectionString, _clock);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Invalidation_on_one_instance_drops_the_value_from_the_memory_of_the_other()
    {
        await ReadAsync(_a);
        await ReadAsync(_b);
        await _origin.SetAsync("new");
        Assert.Equal("old", (await ReadAsync(_b)).Text);

        await _a.Cache.InvalidateAsync(_key, default);

        await Poll.UntilAsync(async () => (await ReadAsync(_b)).Text == "new", TimeSpan.FromSeconds(10), "instance B to see the new value");
        Assert.Equal("new", (await ReadAsync(_a)).Text);
        Assert.Equal(2, _origin.Calls);
    }

    [Fact]
    public async Task A_load_that_began_before_an_invalidation_is_not_cached()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _origin.Gate = gate.Task;
        var early = ReadAsync(_a);
        await Poll.UntilAsync(() => Task.FromResult(_origin.Calls == 1), TimeSpan.FromSeconds(10), "the first load to start");
        await Poll.UntilAsync(async () => (await RedisKeyExistsAsync("lock:cache:" + _key)), TimeSpan.FromSeconds(10), "the first load to hold the lock");

        await _origin.SetAsync("new");
        await _a.Cache.InvalidateAsync(_key, default);
        _origin.Gate = null;
        gate.SetResult();

        Assert.Equal("old", (await early).Text);
        Assert.Equal("new", (await ReadAsync(_b)).Text);
        Assert.Equal("new", (await ReadAsync(_a)).Text);
        Assert.Equal(2, _origin.Calls);
    }

    private Task<OriginValue> ReadAsync(CacheNode node) =>
        node.Cache.GetOrLoadAsync(_key, _origin.LoadAsync, Options, CacheTestJson.Default.OriginValue, default).AsTask();

    private async Task<bool> RedisKeyExistsAsync(string key)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        return await redis.GetDatabase().KeyExistsAsync(key);
    }
}
