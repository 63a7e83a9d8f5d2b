using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Observability;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Slots;
using Rush.Platform.Identity;
using StackExchange.Redis;

namespace Rush.Kitchen.Orders;

/// <summary>The "Order" use case behind both gRPC <c>CreateOrder</c> and REST <c>POST /api/v1/orders</c>.</summary>
/// <remarks>
/// Order of steps and why: validate and price (nothing touched yet) -> ONE Redis script: answer a
/// retry from its idempotency shortcut, else reserve slot capacity and claim the display id
/// atomically (while Redis is unavailable or being resynced: one Postgres ledger claim instead,
/// see <see cref="SlotAuthority"/>) -> commit order + OrderPlaced outbox row in Postgres (group commit) -> ONE Redis
/// script, shared with concurrent orders: confirm the reservation, write the idempotency shortcut,
/// project the order and publish it to the screens -> answer. A refusal at any step before the
/// commit leaves nothing stored and nothing published. Capacity reserved for an order that is
/// certainly not stored is given back at once; when the commit outcome is unknown the reaper settles
/// it against Postgres. See README "Performance" (kitchen intake hot path).
/// </remarks>
public sealed partial class OrderIntake(
    MenuCatalog menu,
    SlotAuthority slots,
    OrderStore store,
    OrderQueries queries,
    OrderProjector projector,
    IOptions<KitchenOptions> options,
    TimeProvider clock,
    ILogger<OrderIntake> log)
{
    // Concurrent duplicates inside one instance share one attempt; across instances the
    // order_requests primary key decides (see OrderStore).
    private readonly ConcurrentDictionary<string, SharedAttempt> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Places an order; the same <paramref name="requestId"/> from the same <paramref name="caller"/>
    /// (its <see cref="RushClaims.ScopeOf"/>) always yields the same order, and is refused (422) when reused
    /// for a different order. <paramref name="channel"/> tags the orders-created metric.
    /// </summary>
    public async Task<CreateOrderResponse> PlaceAsync(CreateOrderRequest request, string? requestId, ClaimsPrincipal? caller, OrderChannel channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (requestId is not null && (requestId.Length is 0 or > 200 || requestId.Any(char.IsControl)))
        {
            throw new OrderRejectedException(RejectionKind.Invalid, "invalid_idempotency_key", "The idempotency key must be 1 to 200 printable characters.");
        }

        if (requestId is null)
        {
            return await PlaceNewAsync(request, null, channel, ct);
        }

        var key = new OrderRequestKey(caller is null ? "anon" : RushClaims.ScopeOf(caller), requestId, OrderFingerprint.Of(request));
        var attempt = _inFlight.GetOrAdd(key.RedisKey, static (_, s) => new SharedAttempt(s.Self, s.Key, s.Request, s.Channel), (Self: this, Key: key, Request: request, Channel: channel));
        if (!string.Equals(attempt.Key.Fingerprint, key.Fingerprint, StringComparison.Ordinal))
        {
            throw OrderRejectedException.KeyReused();
        }

        // Each caller stops waiting on its own token; the shared attempt never runs on one caller's
        // token, so a joiner is not failed because the caller that started it went away.
        return await attempt.Task.WaitAsync(ct);
    }

    private async Task<CreateOrderResponse> PlaceOnceAsync(CreateOrderRequest request, OrderRequestKey key, OrderChannel channel, CancellationToken ct)
    {
        try
        {
            return await PlaceNewAsync(request, key, channel, ct);
        }
        catch (OrderRejectedException e) when (e.Code != OrderRejectedException.KeyReusedCode)
        {
            // A retry of an order that was accepted must get its first answer even if the kitchen
            // has filled up or closed since, or Redis (and with it the shortcut) is away: Postgres'
            // order_requests is the truth. Only refusals pay this lookup.
            if (await FindAcceptedAsync(key, ct) is not { } accepted)
            {
                throw;
            }

            return Answer(accepted, key);
        }
    }

    private async Task<PreviousOrder?> FindAcceptedAsync(OrderRequestKey key, CancellationToken ct)
    {
        try
        {
            return await queries.FindByRequestAsync(key, ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return null;
        }
    }

    private async Task<CreateOrderResponse> PlaceNewAsync(CreateOrderRequest request, OrderRequestKey? key, OrderChannel channel, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var draft = OrderDraft.Create(request, await menu.GetAsync(ct), now, options.Value.DaysAhead);
        ct.ThrowIfCancellationRequested();

        var orderId = Guid.CreateVersion7(now);
        var demand = SlotCapacityRule.DemandOf(draft);
        var (reservation, shortcut) = await slots.ReserveOrFindAsync(orderId, demand, draft.DesiredTime, key?.RedisKey, ct);
        if (shortcut is not null)
        {
            if (await FindPreviousAsync(shortcut, ct) is { } previous)
            {
                return Answer(previous, key!);
            }

            // The shortcut names an order Postgres no longer has (archived): take the request anew.
            (reservation, _) = await slots.ReserveOrFindAsync(orderId, demand, draft.DesiredTime, null, ct);
        }

        var order = new KitchenOrder(orderId, now, reservation!.DisplayId, request.CustomerId, request.CustomerFirstName!.Trim(),
            request.CustomerLastName?.Trim() ?? "", request.CustomerPhone!, request.IsPickup,
            request.IsPickup ? null : request.DeliveryAddress!.Trim(), draft.Items, draft.TotalPrice, draft.MakeMinutes,
            KitchenOrder.Pending, 1, reservation.SlotStart, reservation.VisibleAt, key?.Id);

        var outcome = await store.AddAsync(order, key, OrderEvents.Placed(order, now), reservation, ct);
        if (outcome == StoreOutcome.SlotRefused && !reservation.InPostgres)
        {
            // Redis placed the order on loads Postgres knows to be stale: a failover lost its last writes, or
            // claims taken in fallback are not in Redis yet. The ledger, which is the truth, decides this
            // order instead (a later slot, another display id, or a plain "slots full"), so the customer
            // gets an answer rather than a "retry" for Redis' mistake.
            await slots.ReleaseAsync(reservation);
            reservation = await slots.ClaimInPostgresAsync(orderId, demand, draft.DesiredTime, ct);
            order = order with { DisplayId = reservation.DisplayId, SlotStart = reservation.SlotStart, VisibleAt = reservation.VisibleAt };
            outcome = await store.AddAsync(order, key, OrderEvents.Placed(order, now), reservation, ct);
        }

        switch (outcome)
        {
            case StoreOutcome.Stored:
                KitchenMetrics.OrderCreated(channel);
                await AfterCommitAsync(order, key);
                return order.ToResponse();
            case StoreOutcome.DuplicateRequest:
                await slots.ReleaseAsync(reservation);
                return Answer((await queries.FindByRequestAsync(key!, ct))!, key!);
            default:
                await slots.ReleaseAsync(reservation);
                throw OrderRejectedException.Unavailable("The order database is unavailable; the order was not taken.");
        }
    }

    private static CreateOrderResponse Answer(PreviousOrder previous, OrderRequestKey key) =>
        previous.IsRetryOf(key) ? previous.Order.ToResponse() : throw OrderRejectedException.KeyReused();

    // The shortcut's value is "{order id}:{fingerprint}" (keys from before fingerprints: the id alone).
    private async Task<PreviousOrder?> FindPreviousAsync(string shortcut, CancellationToken ct)
    {
        var separator = shortcut.IndexOf(':', StringComparison.Ordinal);
        var orderId = Guid.Parse(separator < 0 ? shortcut : shortcut[..separator]);
        var order = await queries.FindAsync(orderId, ct);
        return order is null ? null : new PreviousOrder(order, separator < 0 ? null : shortcut[(separator + 1)..]);
    }

    // The fast path to the screens, and what keeps them live while the broker is down; in the same
    // script call the reservation is confirmed and the idempotency shortcut written. Never fails the
    // order: it is committed and its event is in the outbox, so the consumer group projects it later
    // (a no-op when this call got there first, so nothing shows twice), the reaper confirms the
    // reservation from Postgres, and a retry finds its order through order_requests.
    private async Task AfterCommitAsync(KitchenOrder order, OrderRequestKey? key)
    {
        try
        {
            await projector.ApplyCommittedAsync(order, key, CancellationToken.None);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogAfterCommitFailed(order.Id, e.Message);
        }
    }

    /// <summary>One in-flight attempt of a (scope, key), shared by the concurrent callers that send it.</summary>
    private sealed class SharedAttempt
    {
        private readonly Lazy<Task<CreateOrderResponse>> _run;

        public SharedAttempt(OrderIntake owner, OrderRequestKey key, CreateOrderRequest request, OrderChannel channel)
        {
            Key = key;
            _run = new Lazy<Task<CreateOrderResponse>>(() => RunAsync(owner, request, channel));
        }

        public OrderRequestKey Key { get; }

        public Task<CreateOrderResponse> Task => _run.Value;

        private async Task<CreateOrderResponse> RunAsync(OrderIntake owner, CreateOrderRequest request, OrderChannel channel)
        {
            try
            {
                // Not any caller's token: the order store never abandons a queued order either, so
                // the attempt always ends with an answer (or a refusal) every joiner can use.
                return await owner.PlaceOnceAsync(request, Key, channel, CancellationToken.None);
            }
            finally
            {
                owner._inFlight.TryRemove(new KeyValuePair<string, SharedAttempt>(Key.RedisKey, this));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Order {OrderId} stored; not on the screens until the consumer group projects it, reservation left to the reaper: {Reason}")]
    private partial void LogAfterCommitFailed(Guid orderId, string reason);
}
