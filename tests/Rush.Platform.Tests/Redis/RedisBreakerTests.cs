using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using Rush.Platform.Observability;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Redis;

/// <summary>The Redis circuit breaker in front of <see cref="RedisConnection.Database"/>, against a real redis-server killed with SIGKILL.</summary>
public sealed class RedisBreakerTests
{
    private static readonly RedisBreakerOptions Quick = new() { MinimumThroughput = 4, SamplingSeconds = 10, BreakSeconds = 1 };

    [Fact]
    public async Task After_redis_is_killed_calls_fail_fast_through_the_open_breaker_and_it_closes_when_redis_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = new RedisConnection(server.ConnectionString, NullLogger<RedisConnection>.Instance, Quick, TimeProvider.System);
        await redis.ConnectAsync();
        var unavailable = new TaskCompletionSource<RedisAvailabilityEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cameBack = new TaskCompletionSource<RedisAvailabilityEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Availability.BecameUnavailable += (_, e) => unavailable.TrySetResult(e);
        redis.Availability.CameBack += (_, e) => cameBack.TrySetResult(e);
        Assert.True(await redis.Database.StringSetAsync("breaker:key", "kept"));
        Assert.True(redis.Availability.IsAvailable);

        await server.KillAsync();

        // Every failure comes out as RedisUnavailableException; after a few, the breaker rejects calls unsent.
        RedisUnavailableException? rejected = null;
        await Poll.UntilAsync(async () =>
        {
            var e = await Assert.ThrowsAsync<RedisUnavailableException>(() => redis.Database.StringGetAsync("breaker:key"));
            rejected = e.RejectedByBreaker ? e : null;
            return rejected is not null;
        }, TimeSpan.FromSeconds(30), "the breaker to reject a call");
        Assert.NotNull(rejected!.RetryAfter);
        Assert.Equal(CircuitState.Open, redis.Breaker.State);
        Assert.Equal(CircuitBreakerMetrics.Open, CircuitBreakerMetrics.States()[RedisBreaker.Name]);
        Assert.False(redis.Availability.IsAvailable);
        Assert.Contains((await unavailable.Task.WaitAsync(TimeSpan.FromSeconds(30))).Change,
            new[] { RedisAvailabilityChange.BreakerOpened, RedisAvailabilityChange.ConnectionLost });

        // Scripts go through the same breaker.
        var script = await Assert.ThrowsAsync<RedisUnavailableException>(() =>
            RedisKeySweep.DeleteMatchingAsync(redis, "breaker:none:*", CancellationToken.None));
        Assert.True(script.RejectedByBreaker || script.InnerException is RedisConnectionException);

        await server.StartAgainAsync();

        // No traffic needed: the availability probe is the half-open call that closes the breaker.
        var back = await cameBack.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RedisAvailabilityChange.Restored, back.Change);
        Assert.Equal(1, back.Epoch);
        Assert.Equal(CircuitState.Closed, redis.Breaker.State);
        Assert.True(redis.Availability.IsAvailable);
        Assert.Equal("kept", (string?)await redis.Database.StringGetAsync("breaker:key"));
    }

    [Fact]
    public async Task Errors_of_the_call_itself_never_open_the_breaker()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = new RedisConnection(server.ConnectionString, NullLogger<RedisConnection>.Instance, Quick, TimeProvider.System);
        await redis.ConnectAsync();
        Assert.True(await redis.Database.StringSetAsync("breaker:string", "x"));

        for (var i = 0; i < 20; i++)
        {
            // WRONGTYPE: Redis is fine, the call was wrong.
            var e = await Assert.ThrowsAsync<RedisServerException>(() => redis.Database.HashGetAsync("breaker:string", "field"));
            Assert.StartsWith("WRONGTYPE", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(CircuitState.Closed, redis.Breaker.State);
        Assert.Equal("x", (string?)await redis.Database.StringGetAsync("breaker:string"));
    }

    [Fact]
    public async Task Batches_made_from_the_guarded_database_still_execute_as_one_round_trip()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = new RedisConnection(server.ConnectionString, NullLogger<RedisConnection>.Instance, Quick, TimeProvider.System);
        await redis.ConnectAsync();

        var batch = redis.Database.CreateBatch();
        var set = batch.StringSetAsync("breaker:batch", "1");
        var incr = batch.StringIncrementAsync("breaker:batch");
        batch.Execute();

        Assert.True(await set);
        Assert.Equal(2, await incr);
    }
}
