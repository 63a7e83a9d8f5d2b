using Rush.Platform.Counters;
using Rush.Testing;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Counters;

/// <summary>View counters flushed to Postgres while views keep coming, on two instances, with crashes in between.</summary>
[Collection("servers")]
public sealed class ViewCounterFlushTests(TestServers servers) : IAsyncLifetime
{
    private const string Kind = "test";
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private CounterNode _a = null!;
    private CounterNode _b = null!;

    public async Task InitializeAsync()
    {
        // Both instances share Redis and the database; the counter keys are global, so Redis starts empty.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true"))
        {
            await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
        }

        var database = await servers.Postgres.CreateDatabaseAsync("view_counters");
        _a = await CounterNode.StartAsync(servers.Redis.ConnectionString, database, _clock, batchSize: 7);
        _b = await CounterNode.StartAsync(servers.Redis.ConnectionString, database, _clock, batchSize: 7);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_views_during_repeated_flushes_on_two_instances_are_all_counted_once()
    {
        const int items = 20, writers = 8, viewsPerWriter = 1500, chunk = 250;

        // Writers pause after each chunk until the next flush round ends, so flushes certainly run between views.
        var round = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var node = w % 2 == 0 ? _a : _b;
            for (var i = 0; i < viewsPerWriter; i++)
            {
                Assert.True(await node.Views.IncrementAsync(Kind, $"item-{(i + w) % items}", default));
                if (i % chunk == chunk - 1)
                {
                    await Volatile.Read(ref round).Task;
                }
            }
        })).ToList();
        var done = Task.WhenAll(writing);
        var flushes = 0;
        while (!done.IsCompleted)
        {
            await Task.WhenAll(_a.Flusher.FlushAsync(default), _b.Flusher.FlushAsync(default));
            flushes++;
            Interlocked.Exchange(ref round, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        }

        await done;
        await Task.WhenAll(_a.Flusher.FlushAsync(default), _b.Flusher.FlushAsync(default));

        Assert.True(flushes >= viewsPerWriter / chunk, $"only {flushes} flush rounds ran while views were counted");
        var expected = writers * viewsPerWriter / items;
        for (var item = 0; item < items; item++)
        {
            Assert.Equal(expected, await _a.FlushedAsync(Kind, $"item-{item}"));
            Assert.Equal(expected, await _b.Views.GetTotalAsync(Kind, $"item-{item}", default));
        }
    }

    [Fact]
    public async Task Two_instances_flushing_the_same_views_at_once_store_them_once()
    {
        for (var i = 0; i < 50; i++)
        {
            await _a.Views.IncrementAsync(Kind, $"item-{i % 10}", default);
        }

        var added = await Task.WhenAll(_a.Flusher.FlushAsync(default), _b.Flusher.FlushAsync(default));

        Assert.Equal(50, added.Sum());
        for (var item = 0; item < 10; item++)
        {
            Assert.Equal(5, await _a.FlushedAsync(Kind, $"item-{item}"));
        }
    }

    [Fact]
    public async Task Total_counts_views_in_Redis_in_a_claimed_flush_and_in_Postgres()
    {
        await IncrementAsync("pizza", 3);
        await _a.Flusher.FlushAsync(default);
        await IncrementAsync("pizza", 2);
        var (_, claimed) = await _a.Flusher.ClaimAsync(default);
        await IncrementAsync("pizza", 1);

        Assert.NotNull(claimed);
        Assert.Equal(3, await _a.FlushedAsync(Kind, "pizza"));
        Assert.Equal(6, await _b.Views.GetTotalAsync(Kind, "pizza", default));
    }

    [Fact]
    public async Task A_flush_interrupted_before_its_commit_is_replayed_by_another_instance()
    {
        await IncrementAsync("pizza", 4);
        var (_, crashed) = await _a.Flusher.ClaimAsync(default);
        Assert.NotNull(crashed);

        Assert.Equal(0, await _b.Flusher.FlushAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var added = await _b.Flusher.FlushAsync(default);

        Assert.Equal(4, added);
        Assert.Equal(4, await _a.FlushedAsync(Kind, "pizza"));
        Assert.Equal(4, await _a.Views.GetTotalAsync(Kind, "pizza", default));
    }

    [Fact]
    public async Task A_flush_interrupted_after_its_commit_is_not_applied_twice()
    {
        await IncrementAsync("pizza", 4);
        var (_, crashed) = await _a.Flusher.ClaimAsync(default);
        Assert.True(await new ViewCounterTable(_a.Database).ApplyAsync(crashed!.Id, crashed.Counts, default));
        Assert.Equal(4, await _a.Views.GetTotalAsync(Kind, "pizza", default));

        _clock.Advance(TimeSpan.FromMinutes(3));
        var added = await Task.WhenAll(_a.Flusher.FlushAsync(default), _b.Flusher.FlushAsync(default));

        Assert.Equal(0, added.Sum());
        Assert.Equal(4, await _a.FlushedAsync(Kind, "pizza"));
        Assert.Equal(4, await _a.Views.GetTotalAsync(Kind, "pizza", default));
    }

    [Fact]
    public async Task Two_instances_replaying_the_same_crashed_flush_apply_it_once()
    {
        await IncrementAsync("pizza", 4);
        await _a.Flusher.ClaimAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var added = await Task.WhenAll(_a.Flusher.FlushAsync(default), _b.Flusher.FlushAsync(default));

        Assert.Equal(4, added.Sum());
        Assert.Equal(4, await _a.FlushedAsync(Kind, "pizza"));
    }

    private async Task IncrementAsync(string id, int views)
    {
        for (var i = 0; i < views; i++)
        {
            await _a.Views.IncrementAsync(Kind, id, default);
        }
    }
}
