namespace Rush.Platform.PubSub;

/// <summary>Fire-and-forget broadcast to every Rush instance (screen fan-out, cache invalidation).</summary>
/// <remarks>
/// Delivery is at most once: a subscriber that is disconnected when a message is published never
/// sees it, so anything that must not be missed needs its own catch-up (the screen feed re-reads
/// its replay log). Handlers may run concurrently and out of publish order (StackExchange.Redis's
/// callback subscriptions promise no order); they must be quick and must not block.
/// </remarks>
public interface IPubSub
{
    /// <summary>Publishes <paramref name="payload"/> on <paramref name="channel"/>; returns how many subscriptions received it.</summary>
    Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken ct);

    /// <summary>Calls <paramref name="handler"/> for every message on <paramref name="channel"/> until the result is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken ct);
}
