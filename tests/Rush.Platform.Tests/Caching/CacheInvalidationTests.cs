using Npgsql;
using Rush.Platform.Caching;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Caching;

/// <summary>Invalidation after a write at the origin, across two instances sharing Redis and the FusionCache backplane.</summary>
[Collection("servers")]
public sealed class CacheInvalidationTests(TestServers servers) : IAsyncLifetime
{
    // Memory would keep the value for an hour: only an invalidation can make an instance see a change.
    private static readonly CacheEntryOptions Options = new("invalidation_test", TimeSpan.FromHours(1))
    {
        LocalDuration = TimeSpan.FromHours(1),
        HardTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly string _key = "test:invalidation:" + Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _db = null!;
    private CountingOrigin _origin = null!;
    private CacheNode _a = null!;
    private CacheNode _b = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("cache_invalidation"));
        _origin = await CountingOrigin.CreateAsync(_db, "old");
        _a = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        _b = await CacheNode.StartAsync(servers.Redis.ConnectionString);
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

    private Task<OriginValue> ReadAsync(CacheNode node) =>
        node.Cache.GetOrLoadAsync(_key, _origin.LoadAsync, Options, default).AsTask();

}
