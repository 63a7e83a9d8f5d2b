using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Observability;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Slots;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Orders;

/// <summary>The "Order" use case behind both gRPC <c>CreateOrder</c> and REST <c>POST /api/v1/orders</c>.</summary>
/// <remarks>
/// Order of steps and why: validate and price (nothing touched yet) -> answer a retry from its
/// idempotency key -> reserve slot capacity atomically in Redis -> commit order + OrderPlaced outbox
/// row in Postgres (group commit) -> answer. A refusal at any step before the commit leaves nothing
/// stored and nothing published. Capacity reserved for an order that is certainly not stored is
/// given back at once; when the commit outcome is unknown the reaper settles it against Postgres.
/// </remarks>
public sealed partial class OrderIntake(
    MenuCatalog menu,
    SlotScheduler slots,
    OrderStore store,
    OrderQueries queries,
    OrderProjector projector,
    RedisConnection redis,
    IOptions<KitchenOptions> options,
    TimeProvider clock,
    ILogger<OrderIntake> log)
{
    private static readonly TimeSpan RequestKeyTtl = TimeSpan.FromHours(24);

    // Concurrent duplicates inside one instance share one attempt; across instances the
    // order_requests primary key decides (see OrderStore).
    private readonly ConcurrentDictionary<string, Lazy<Task<CreateOrderResponse>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Places an order; the same <paramref name="requestId"/> always yields the same order. <paramref name="channel"/> tags the orders-created metric.</summary>
    public async Task<CreateOrderResponse> PlaceAsync(CreateOrderRequest request, string? requestId, OrderChannel channel, CancellationToken ct)
    {
        if (requestId is not null && (requestId.Length is 0 or > 200 || requestId.Any(char.IsControl)))
        {
            throw new OrderRejectedException(RejectionKind.Invalid, "invalid_idempotency_key", "The idempotency key must be 1 to 200 printable characters.");
        }

        if (requestId is null)
        {
            return await PlaceNewAsync(request, null, channel, ct);
        }

        var attempt = _inFlight.GetOrAdd(requestId, key => new Lazy<Task<CreateOrderResponse>>(() => PlaceOnceAsync(request, key, channel, ct)));
        try
        {
            return await attempt.Value.WaitAsync(ct);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<CreateOrderResponse>>>(requestId, attempt));
        }
    }

    private async Task<CreateOrderResponse> PlaceOnceAsync(CreateOrderRequest request, string requestId, OrderChannel channel, CancellationToken ct)
    {
        if (await FindPreviousAsync(requestId, ct) is { } previous)
        {
            return previous.ToResponse();
        }

        try
        {
            return await PlaceNewAsync(request, requestId, channel, ct);
        }
        catch (OrderRejectedException e) when (e.Kind is RejectionKind.SlotsFull or RejectionKind.KitchenClosed)
        {
            // A retry of an order that was accepted must get its first answer even if the kitchen
            // has filled up since and the Redis shortcut missed it.
            var accepted = await queries.FindByRequestIdAsync(requestId, ct);
            if (accepted is null)
            {
                throw;
            }

            return accepted.ToResponse();
        }
    }

    private async Task<CreateOrderResponse> PlaceNewAsync(CreateOrderRequest request, string? requestId, OrderChannel channel, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var draft = OrderDraft.Create(request, await menu.GetAsync(ct), now, options.Value.DaysAhead);
        ct.ThrowIfCancellationRequested();

        var orderId = Guid.CreateVersion7(now);
        var reservation = await slots.ReserveAsync(orderId, KitchenCalendar.ToMinor(draft.TotalPrice), draft.MakeMinutes, draft.DesiredTime);
        var order = new KitchenOrder(orderId, now, reservation.DisplayId, request.CustomerId, request.CustomerFirstName!.Trim(),
            request.CustomerLastName?.Trim() ?? "", request.CustomerPhone!, request.IsPickup,
            request.IsPickup ? null : request.DeliveryAddress!.Trim(), draft.Items, draft.TotalPrice, draft.MakeMinutes,
            KitchenOrder.Pending, 1, reservation.SlotStart, reservation.VisibleAt, requestId);

        var outcome = await store.AddAsync(order, OrderEvents.Placed(order, now), reservation.CommitDeadline, ct);
        switch (outcome)
        {
            case StoreOutcome.Stored:
                KitchenMetrics.OrderCreated(channel);
                await AfterCommitAsync(order);
                return order.ToResponse();
            case StoreOutcome.DuplicateRequest:
                await slots.ReleaseAsync(orderId);
                return (await queries.FindByRequestIdAsync(requestId!, ct))!.ToResponse();
            default:
                await slots.ReleaseAsync(orderId);
                throw OrderRejectedException.Unavailable("The order database is unavailable; the order was not taken.");
        }
    }

    private async Task<KitchenOrder?> FindPreviousAsync(string requestId, CancellationToken ct)
    {
        try
        {
            var orderId = await redis.Database.StringGetAsync(RequestKey(requestId));
            return orderId.HasValue ? await queries.FindAsync(Guid.Parse((string)orderId!), ct) : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return await queries.FindByRequestIdAsync(requestId, ct);
        }
    }

    private async Task AfterCommitAsync(KitchenOrder order)
    {
        // Runs alongside the bookkeeping below, so the answer waits for one Redis round trip, not two.
        var project = ProjectAsync(order);

        // Best effort: if Redis misses these, the reaper confirms the reservation from Postgres and
        // a retry finds its order through order_requests at commit time.
        try
        {
            var confirm = slots.ConfirmAsync([order.Id]);
            var remember = order.RequestId is null
                ? Task.CompletedTask
                : redis.Database.StringSetAsync(RequestKey(order.RequestId), order.Id.ToString(), RequestKeyTtl);
            await Task.WhenAll(confirm, remember);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogAfterCommitFailed(order.Id, e.Message);
        }

        await project;
    }

    // The fast path to the screens, and what keeps them live while the broker is down. Never fails
    // the order: it is committed and its event is in the outbox, so the consumer group projects it
    // later; when the consumer gets the same version it is a no-op, so nothing shows twice.
    private async Task ProjectAsync(KitchenOrder order)
    {
        try
        {
            await projector.ApplyAsync(order, CancellationToken.None);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogProjectionDeferred(order.Id, e.Message);
        }
    }

    private static string RequestKey(string requestId) => $"order:request:{requestId}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} stored; Redis bookkeeping deferred to the reaper: {Reason}")]
    private partial void LogAfterCommitFailed(Guid orderId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} stored; not on the screens until the consumer group projects it: {Reason}")]
    private partial void LogProjectionDeferred(Guid orderId, string reason);
}
