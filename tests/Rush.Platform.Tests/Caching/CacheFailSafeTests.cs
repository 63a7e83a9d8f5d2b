using Npgsql;
using Rush.Platform.Caching;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests.Caching;

/// <summary>Fail-safe and timeouts: the last good value instead of an error, within the window; failures without one.</summary>
[Collection("servers")]
public sealed class CacheFailSafeTests(TestServers servers) : IAsyncLifetime
{
    // Short lifetimes on the real clock: a test waits (polling the cache) until a value has expired.
    private readonly string _key = "test:failsafe:" + Guid.NewGuid().ToString("N");
    private readonly CacheEntryOptions _options = new("failsafe_test_" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromSeconds(1))
    {
        FailSafeWindow = TimeSpan.FromMinutes(10),
    };

    private NpgsqlDataSource _db = null!;
    private CountingOrigin _origin = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("cache_failsafe"));
        _origin = await CountingOrigin.CreateAsync(_db, "good");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Stale_value_is_served_and_counted_as_stale_when_the_origin_throws()
    {
        await using var node = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        using var metrics = new CacheRequestsListener(_options.Name);
        await ReadAsync(node);
        _origin.Failing = true;
        await node.UntilExpiredAsync(_key);

        var value = await ReadAsync(node);

        Assert.Equal("good", value.Text);
        Assert.Equal(2, _origin.Calls);
        Assert.Equal(["miss", "stale"], metrics.Results);
    }

    [Fact]
    public async Task Stale_value_from_Redis_is_served_by_an_instance_that_never_loaded_it_when_the_origin_throws()
    {
        await using var a = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        await using var b = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        await ReadAsync(a);
        _origin.Failing = true;
        await b.UntilExpiredAsync(_key);

        var value = await ReadAsync(b);

        Assert.Equal("good", value.Text);
    }

    [Fact]
    public async Task Past_the_fail_safe_window_the_origin_failure_reaches_the_caller()
    {
        await using var node = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        var options = _options with { FailSafeWindow = TimeSpan.FromSeconds(1) };
        await ReadAsync(node, options);
        _origin.Failing = true;
        await node.UntilGoneAsync(_key);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(node, options));

        Assert.Equal("origin failing on purpose", error.Message);
    }

    [Fact]
    public async Task Stale_value_is_served_when_Redis_is_killed_and_the_origin_fails()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await CacheNode.StartAsync(redis.ConnectionString);
        await ReadAsync(node);
        await redis.KillAsync(); // kill -9: a crash, not a clean shutdown
        _origin.Failing = true;
        await node.UntilExpiredAsync(_key);

        var value = await ReadAsync(node);

        Assert.Equal("good", value.Text);
    }

    [Fact]
    public async Task Reads_go_to_the_origin_once_per_instance_when_Redis_is_killed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await CacheNode.StartAsync(redis.ConnectionString);
        await redis.KillAsync(); // kill -9: a crash, not a clean shutdown
        var options = _options with { Duration = TimeSpan.FromMinutes(1) };

        var first = await ReadAsync(node, options);
        var second = await ReadAsync(node, options);

        Assert.Equal("good", first.Text);
        Assert.Equal("good", second.Text);
        Assert.Equal(1, _origin.Calls);
    }

    [Fact]
    public async Task Origin_slower_than_the_soft_timeout_gives_the_stale_value_and_completes_in_the_background()
    {
        await using var node = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        // Long enough that the value loaded in the background is still fresh when the poll below reads it.
        var options = _options with { Duration = TimeSpan.FromSeconds(3), SoftTimeout = TimeSpan.FromMilliseconds(100), HardTimeout = TimeSpan.FromSeconds(30) };
        await ReadAsync(node, options);
        await _origin.SetAsync("better");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _origin.Gate = gate.Task;
        await node.UntilExpiredAsync(_key);

        var whileSlow = await ReadAsync(node, options).WaitAsync(TimeSpan.FromSeconds(20));
        gate.SetResult();

        Assert.Equal("good", whileSlow.Text);
        await Poll.UntilAsync(async () => (await ReadAsync(node, options)).Text == "better", TimeSpan.FromSeconds(10), "the background load to store its value");
        Assert.Equal(2, _origin.Calls);
    }

    [Fact]
    public async Task Origin_slower_than_the_hard_timeout_without_a_stale_value_fails_and_the_next_read_loads_again()
    {
        await using var node = await CacheNode.StartAsync(servers.Redis.ConnectionString);
        var options = _options with { SoftTimeout = TimeSpan.FromMilliseconds(100), HardTimeout = TimeSpan.FromMilliseconds(300) };
        _origin.Gate = new TaskCompletionSource().Task;

        await Assert.ThrowsAnyAsync<TimeoutException>(() => ReadAsync(node, options).WaitAsync(TimeSpan.FromSeconds(20)));
        _origin.Gate = null;
        var next = await ReadAsync(node, options);

        Assert.Equal("good", next.Text);
        Assert.Equal(2, _origin.Calls);
    }

    private Task<OriginValue> ReadAsync(CacheNode node, CacheEntryOptions? options = null) =>
        node.Cache.GetOrLoadAsync(_key, _origin.LoadAsync, options ?? _options, default).AsTask();
}
