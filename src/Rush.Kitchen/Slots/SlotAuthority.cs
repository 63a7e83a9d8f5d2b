using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Kitchen.Orders;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Slots;

/// <summary>Decides where an order's slot is reserved: Redis (<see cref="SlotScheduler"/>) normally, the Postgres <see cref="SlotLedger"/> while Redis cannot be trusted.</summary>
/// <remarks>
/// Redis decides only while it is available (<see cref="IRedisAvailability.IsAvailable"/>) and has been
/// resynced since its last <see cref="IRedisAvailability.Epoch"/> change: after Redis comes back (or a new master takes over) its slot loads may lack the orders
/// taken in fallback, so Postgres keeps deciding until <c>HotStateResync</c> has re-derived them. A
/// Redis call that fails anyway falls back for that order. Either way the commit charges the Postgres
/// ledger conditionally (<see cref="SlotLedger.AppendCommit"/>), so a slot is never over capacity in
/// Postgres even if Redis decided on stale loads.
/// </remarks>
public sealed partial class SlotAuthority(SlotScheduler redisSlots, SlotLedger ledger, RedisConnection redis, ILogger<SlotAuthority> log)
{
    // The availability epoch whose Redis has been resynced from Postgres. IsAvailable turns true (and the
    // epoch moves on) before the CameBack event reaches HotStateResync, so "available" alone would let
    // an empty Redis decide for a moment; a different epoch means "not resynced yet".
    private long _trustedEpoch = redis.Availability.Epoch;
    private int _inFallback;
    private int _claimsInFlight;

    /// <summary>True when Redis decides slots now: available, and resynced since it last came back.</summary>
    public bool RedisDecides => redis.Availability.IsAvailable && redis.Availability.Epoch == Interlocked.Read(ref _trustedEpoch);

    /// <summary>As <see cref="SlotScheduler.ReserveOrFindAsync"/>; in fallback the ledger claims (no idempotency shortcut: Postgres' order_requests answers retries).</summary>
    public async Task<(SlotReservation? Reservation, string? Shortcut)> ReserveOrFindAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired,
        string? shortcutKey, CancellationToken ct)
    {
        if (RedisDecides)
        {
            try
            {
                var found = await redisSlots.ReserveOrFindAsync(orderId, demand, desired, shortcutKey);
                if (Interlocked.Exchange(ref _inFallback, 0) == 1)
                {
                    LogRedisDecides();
                }

                return found;
            }
            catch (OrderRejectedException e) when (e.InnerException is { } inner && RedisBreaker.IsUnavailability(inner))
            {
                // Only "Redis cannot serve now": a Redis that answers with an error (OOM at maxmemory) is
                // working and keeps refusing, as the breaker sees it. If the script ran after all, its reservation stays pending in Redis and the reaper
                // confirms it once it sees the order in Postgres: Redis over-counts, never under.
            }
        }

        if (Interlocked.Exchange(ref _inFallback, 1) == 0)
        {
            LogPostgresDecides(redis.Availability.IsAvailable ? "resync running" : "Redis unavailable");
        }

        return (await ClaimInPostgresAsync(orderId, demand, desired, ct), null);
    }

    /// <summary>Claims the order's slot in the Postgres ledger whoever decides now (also after the ledger refused a Redis reservation at commit).</summary>
    public async Task<SlotReservation> ClaimInPostgresAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired, CancellationToken ct)
    {
        Interlocked.Increment(ref _claimsInFlight);
        try
        {
            return await ledger.ClaimAsync(orderId, demand, desired, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _claimsInFlight);
        }
    }

    /// <summary>Fallback claims of this process still running (a resync waits for them after <see cref="Trust"/>).</summary>
    internal int ClaimsInFlight => Volatile.Read(ref _claimsInFlight);

    /// <summary>Gives back a reservation whose order was certainly not stored, where it was made.</summary>
    public async Task ReleaseAsync(SlotReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        try
        {
            _ = reservation.InPostgres
                ? await ledger.ReleaseAsync(reservation.OrderId, CancellationToken.None)
                : await redisSlots.ReleaseAsync(reservation.OrderId);
        }
        catch (Exception e) when (e is RedisException or NpgsqlException or TimeoutException)
        {
            // The reapers settle it: the order is not in Postgres, so its capacity comes back later.
            LogReleaseFailed(reservation.OrderId, e.Message);
        }
    }

    /// <summary>Redis of availability epoch <paramref name="epoch"/> has been resynced from Postgres: it may decide again (while that epoch lasts).</summary>
    internal void Trust(long epoch) => Interlocked.Exchange(ref _trustedEpoch, epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kitchen slots are decided by the Postgres ledger ({Reason})")]
    private partial void LogPostgresDecides(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kitchen slots are decided by Redis again")]
    private partial void LogRedisDecides();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot reservation of unstored order {OrderId} not given back now ({Reason}); the reaper will")]
    private partial void LogReleaseFailed(Guid orderId, string reason);
}
