using Microsoft.Extensions.Logging;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Slots;
using StackExchange.Redis;

namespace Rush.Kitchen.Workflow;

/// <summary>The cooks' use cases: change an order's status, bump one of its items (seed 001, step 10).</summary>
/// <remarks>
/// Steps and why: read the order from Postgres (the source of truth) -> check the caller's expected
/// version (412) -> decide the change with the pure rules (409) -> commit order + outbox row in one
/// transaction, conditional on the version read -> after the commit: give a cancelled order's slot
/// capacity back and project the order to Redis and the screens. The after-commit steps are best
/// effort: the change is already durable and its event is in the outbox, so the event consumer
/// repairs a projection missed here, and failing the cook's request would only invite a retry of a
/// change that has happened.
/// </remarks>
public sealed partial class OrderWorkflow(
    OrderQueries queries,
    OrderChangeStore store,
    SlotScheduler slots,
    OrderProjector projector,
    TimeProvider clock,
    ILogger<OrderWorkflow> log)
{
    // Without an expected version a lost race is retried against the fresh row; a few rounds are
    // plenty for a handful of cooks, and the bound keeps a pathological loop from spinning.
    private const int MaxAttempts = 5;

    private static readonly TimeSpan ProjectionTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Moves the order to <paramref name="status"/>; returns the order at its new version.</summary>
    public Task<KitchenOrder> ChangeStatusAsync(Guid orderId, string status, int? expectedVersion, CancellationToken ct) =>
        ApplyAsync(orderId, expectedVersion, order => OrderChange.ToStatus(order, status), ct);

    /// <summary>Marks item <paramref name="index"/> done or not; the order becomes ready when all items are done.</summary>
    public Task<KitchenOrder> BumpItemAsync(Guid orderId, int index, bool done, int? expectedVersion, CancellationToken ct) =>
        ApplyAsync(orderId, expectedVersion, order => OrderChange.BumpItem(order, index, done), ct);

    private async Task<KitchenOrder> ApplyAsync(Guid orderId, int? expectedVersion, Func<KitchenOrder, OrderChange> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await queries.FindAsync(orderId, ct) ?? throw OrderChangeRefusedException.NotFound(orderId);
            if (expectedVersion is { } expected && order.Version != expected)
            {
                throw OrderChangeRefusedException.VersionConflict(expected, order.Version, order.Status);
            }

            var change = decide(order);
            if (change.IsNoOp)
            {
                return order;
            }

            if (await store.TryCommitAsync(change, clock.GetUtcNow(), ct))
            {
                LogChanged(orderId, change.Before.Status, change.After.Status, change.After.Version);
                await AfterCommitAsync(change);
                return change.After;
            }

            // Lost a race. With an expected version the next round re-reads and answers 412; without
            // one the change is decided again against what the other cook left (it may now be a 409).
            if (attempt >= MaxAttempts)
            {
                throw new OrderChangeRefusedException(ChangeRefusal.Conflict, "concurrent_update",
                    "The order kept changing under this request; reload it and try again.");
            }
        }
    }

    private async Task AfterCommitAsync(OrderChange change)
    {
        var order = change.After;
        if (order.Status == OrderStatus.Cancelled)
        {
            try
            {
                await slots.ReleaseAsync(order.Id);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogReleaseFailed(order.Id, e.Message);
            }
        }

        try
        {
            // Not the request's token: the screens must learn about a committed change even when
            // the tablet that made it hung up.
            await projector.ApplyAsync(order, CancellationToken.None).WaitAsync(ProjectionTimeout, clock);
        }
        catch (Exception e)
        {
            // Whatever the projector throws (Redis down, a bug, a timeout), the change is committed
            // and its event is in the outbox: the consumer projects it later.
            LogProjectionFailed(order.Id, order.Version, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} {From} -> {To} (version {Version})")]
    private partial void LogChanged(Guid orderId, string from, string to, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelled order {OrderId}: its slot capacity was not given back ({Reason})")]
    private partial void LogReleaseFailed(Guid orderId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} version {Version} committed but not projected now ({Error}: {Reason}); the event consumer will")]
    private partial void LogProjectionFailed(Guid orderId, int version, string error, string reason);
}
