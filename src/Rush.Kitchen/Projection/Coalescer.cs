namespace Rush.Kitchen.Projection;

/// <summary>
/// Runs concurrent single-item calls as batches: "group commit" for Redis scripts. Each caller
/// queues its item and awaits its own result; at most <c>maxInFlight</c> batches run at once, and
/// each takes everything queued (up to <c>maxBatch</c>).
/// </summary>
/// <remarks>
/// Why: a Lua call costs Redis a fixed overhead (lookup, argument parsing, the Lua call itself) on
/// top of its commands, and the host a round trip. Under light load a batch is one item and the
/// latency is one call; under load batches grow while a call is in flight, so the per-item cost
/// falls as the rate rises. No timer, no background service: the first caller starts a drain,
/// which stops when the queue is empty. See README "Performance" (kitchen intake hot path).
/// </remarks>
internal sealed class Coalescer<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> run, int maxBatch, int maxInFlight)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Done)> _queue = new();
    private int _running;

    /// <summary>Queues <paramref name="item"/>; completes with its result, or fails with its batch's exception.</summary>
    public Task<TResult> RunAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((item, done));
        TryStart();
        return done.Task;
    }

    private void TryStart()
    {
        while (!_queue.IsEmpty)
        {
            var running = Volatile.Read(ref _running);
            if (running >= maxInFlight)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                _ = DrainAsync();
                return;
            }
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(Math.Min(maxBatch, 64));
            var items = new List<TItem>(batch.Capacity);
            while (true)
            {
                batch.Clear();
                items.Clear();
                while (batch.Count < maxBatch && _queue.TryDequeue(out var entry))
                {
                    batch.Add(entry);
                    items.Add(entry.Item);
                }

                if (batch.Count == 0)
                {
                    return;
                }

                try
                {
                    var results = await run(items);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(results[i]);
                    }
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetException(e);
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            // An item queued after our last look but before the decrement would otherwise wait for the next caller.
            TryStart();
        }
    }
}
