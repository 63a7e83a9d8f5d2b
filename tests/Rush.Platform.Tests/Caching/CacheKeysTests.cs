using Npgsql;
using Rush.Platform.Caching;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Caching;

/// <summary>Where a cached value lives in Redis: <c>cache:</c> + FusionCache's wire-format version + the key, so a key pattern can wipe a family of entries.</summary>
[Collection("servers")]
public sealed class CacheKeysTests(TestServers servers) : IAsyncLifetime
{
    private static readonly CacheEntryOptions Options = new("keys_test", TimeSpan.FromMinutes(1));
    private readonly string _key = "test:keys:" + Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync() => _db = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("cache_keys"));

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Loaded_value_is_stored_in_Redis_under_the_cache_prefix_and_its_key()
    {
        var origin = await CountingOrigin.CreateAsync(_db, "stored");
        await using var node = await CacheNode.StartAsync(servers.Redis.ConnectionString);

        await node.Cache.GetOrLoadAsync(_key, origin.LoadAsync, Options, default);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var keys = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('KEYS', ARGV[1])", values: ["*" + _key]))!;
        Assert.Equal(["cache:v2:" + _key], keys.Select(k => (string)k!));
        Assert.Equal("cache:v2:test:keys:*", CachingModule.RedisKeyPattern("test:keys:*"));
    }
}
