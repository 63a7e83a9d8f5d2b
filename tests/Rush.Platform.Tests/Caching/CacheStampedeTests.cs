using Npgsql;
using Rush.Platform.Caching;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Caching;

/// <summary>Stampede protection across two instances (FusionCache's memory lock and Redis distributed locker) against real Redis and a real Postgres origin.</summary>
[Collection("servers")]
public sealed class CacheStampedeTests(TestServers servers) : IAsyncLifetime
{
    private const int Readers = 1000;

    // Readers wait for the fresh value in these tests (no soft timeout in the way), so every answer can be checked.
    private static readonly CacheEntryOptions Options = new("stampede_test", TimeSpan.FromSeconds(60))
    {
        SoftTimeout = TimeSpan.FromSeconds(30),
        HardTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly string _key = "test:stampede:" + Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _db = null!;
    private CacheNode _a = null!;
    private CacheNode _b = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("cache_stampede"));
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
    public async Task Thousand_concurrent_reads_of_a_cold_key_on_two_instances_query_the_origin_once()
    {
        var origin = await CountingOrigin.CreateAsync(_db, "first");
        origin.QuerySleepSeconds = 0.2;

        var values = await ReadAllAtOnceAsync(origin, Options);

        Assert.Equal(1, origin.Calls);
        Assert.All(values, v => Assert.Equal("first", v.Text));
    }

    [Fact]
    public async Task Thousand_concurrent_reads_of_an_expired_key_on_two_instances_query_the_origin_once()
    {
        // Expires within the test, yet lives well beyond the time the 1,000 reads take.
        var options = Options with { Duration = TimeSpan.FromSeconds(5) };
        var origin = await CountingOrigin.CreateAsync(_db, "first");
        await _a.Cache.GetOrLoadAsync(_key, origin.LoadAsync, options, default);
        await _b.Cache.GetOrLoadAsync(_key, origin.LoadAsync, options, default);
        Assert.Equal(1, origin.Calls);
        await origin.SetAsync("second");
        origin.QuerySleepSeconds = 0.2;
        await _a.UntilExpiredAsync(_key);
        await _b.UntilExpiredAsync(_key);

        var values = await ReadAllAtOnceAsync(origin, options);

        Assert.Equal(2, origin.Calls);
        Assert.All(values, v => Assert.Equal("second", v.Text));
    }

    // Half the readers on each instance, released together.
    private async Task<OriginValue[]> ReadAllAtOnceAsync(CountingOrigin origin, CacheEntryOptions options)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = Enumerable.Range(0, Readers).Select(async i =>
        {
            await start.Task;
            var node = i % 2 == 0 ? _a : _b;
            return await node.Cache.GetOrLoadAsync(_key, origin.LoadAsync, options, default);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
