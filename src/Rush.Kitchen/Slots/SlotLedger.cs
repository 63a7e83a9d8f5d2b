using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Slots;

/// <summary>
/// Slot capacity in Postgres (migration 006_slot_ledger.sql): the fallback that decides slots while
/// Redis is unavailable, and the charge every committed order makes, so Postgres always knows each
/// slot's committed load.
/// </summary>
/// <remarks>
/// Same rule as the Redis path: <see cref="SlotScheduler.Candidates"/> (opening hours, too-large),
/// the next-slot walk over those candidates and <see cref="SlotCapacityRule"/>'s dimensions and limits;
/// the SQL functions compare per dimension exactly as <see cref="SlotCapacityRule.Fits"/>. Concurrency
/// is Postgres' row lock on the slot's ledger row: a conditional UPDATE re-checks the load it finds
/// after waiting, so concurrent claims can never take a slot past its limit.
/// </remarks>
public sealed class SlotLedger(NpgsqlDataSource db, KitchenCalendar calendar, IOptions<KitchenOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Claims capacity for <paramref name="demand"/> in the first slot at or after <paramref name="desired"/>
    /// (or now) with room in every dimension, and a display id unique that day. Throws
    /// <see cref="OrderRejectedException"/> as <see cref="SlotScheduler.ReserveAsync"/> does.
    /// </summary>
    public async Task<SlotReservation> ClaimAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = SlotScheduler.Candidates(calendar, demand, desired ?? now);
        var deadline = now + options.Value.ReservationTimeout;
        var day = calendar.LocalDate(candidates[0].Start);
        await using var cmd = db.CreateCommand("select slot_start, display_id from slot_ledger_claim($1, $2, $3, $4, $5, $6, $7)");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = orderId });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. candidates.Select(c => c.Id)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. candidates.SelectMany(c => Values(c.Limit))] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Values(demand) });
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = orderId.ToString("N")[^12..] });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = deadline });
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw OrderRejectedException.SlotsFull(candidates[0].End - now);
            }

            var start = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0));
            return SlotScheduler.Reservation(calendar, orderId, candidates, start, reader.GetString(1), deadline, demand, inPostgres: true);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw OrderRejectedException.Unavailable("Neither Redis nor Postgres can check slot capacity right now; the order was not taken.", e);
        }
    }

    /// <summary>Gives back the capacity and display id of a claim whose order was not stored; false if there was none.</summary>
    public async Task<bool> ReleaseAsync(Guid orderId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select slot_ledger_release($1)");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = orderId });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Claims whose orders are not yet known to be committed (what Redis must count when it decides again).</summary>
    public async Task<IReadOnlyList<SlotClaim>> ClaimsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select order_id, slot_start, demand, display_day, display_id, deadline from slot_claims");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var claims = new List<SlotClaim>();
        while (await reader.ReadAsync(ct))
        {
            claims.Add(new SlotClaim(reader.GetGuid(0), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                SlotAmounts.FromDimensions(reader.GetFieldValue<long[]>(2)), reader.GetFieldValue<DateOnly>(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return claims;
    }

    /// <summary>
    /// Settles claims a whole <c>ReservationTimeout</c> past their commit deadline (the writer refuses to
    /// commit past it, so by then each order is stored or never will be): a stored order's claim is
    /// dropped (its load stays), any other is released. Also forgets ledger rows and display ids of
    /// days long gone. Returns how many claims were released.
    /// </summary>
    public async Task<int> ReapOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var cmd = db.CreateCommand("""
            with overdue as (
                select c.order_id, exists (select 1 from orders o where o.id = c.order_id and o.created_at >= $2) as stored
                from slot_claims c where c.deadline < $1
            ), dropped as (
                delete from slot_claims c using overdue where c.order_id = overdue.order_id and overdue.stored
            )
            select order_id from overdue where not stored
            """);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - options.Value.ReservationTimeout });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - TimeSpan.FromDays(2) });
        var lost = new List<Guid>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lost.Add(reader.GetGuid(0));
            }
        }

        var released = 0;
        foreach (var id in lost)
        {
            released += await ReleaseAsync(id, ct) ? 1 : 0;
        }

        await using var forget = new NpgsqlBatch(await db.OpenConnectionAsync(ct));
        await using var connection = forget.Connection!;
        var ledger = new NpgsqlBatchCommand("delete from slot_ledger where slot_start < $1");
        ledger.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now - SlotKeys.DisplayIdsTtl - TimeSpan.FromDays(1)).ToUnixTimeSeconds() });
        var displayIds = new NpgsqlBatchCommand("delete from slot_display_ids where day < $1");
        displayIds.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = calendar.LocalDate(now).AddDays(-3) });
        forget.BatchCommands.Add(ledger);
        forget.BatchCommands.Add(displayIds);
        await forget.ExecuteNonQueryAsync(ct);
        return released;
    }

    /// <summary>
    /// Adds to a commit batch the ledger charge of its orders (slot_ledger_commit), in the batch's transaction:
    /// an order Redis placed adds its demand only if it fits the slot's limit, else the batch fails with
    /// RK001 (and the writer retries order by order); orders claimed here in fallback are charged already.
    /// </summary>
    internal static void AppendCommit(NpgsqlBatch batch, IReadOnlyList<(KitchenOrder Order, SlotReservation Slot)> orders)
    {
        var cmd = new NpgsqlBatchCommand("select slot_ledger_commit($1, $2, $3, $4, $5, $6, $7)");
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. orders.Select(o => o.Order.Id)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. orders.Select(o => o.Order.SlotStart.ToUnixTimeSeconds())] });
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. orders.Select(o => o.Slot.DisplayDay)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. orders.Select(o => o.Order.DisplayId)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. orders.SelectMany(o => Values(o.Slot.Demand))] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. orders.SelectMany(o => Values(o.Slot.Limit))] });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = SlotCapacityRule.Dimensions.Count });
        batch.BatchCommands.Add(cmd);
    }

    /// <summary>True when a Postgres error is the ledger refusing a charge (slot full, display id taken).</summary>
    internal static bool IsRefusal(PostgresException e) => e.SqlState is "RK001" or "RK002";

    private static long[] Values(SlotAmounts amounts)
    {
        var values = new long[SlotCapacityRule.Dimensions.Count];
        for (var d = 0; d < values.Length; d++)
        {
            values[d] = amounts[d];
        }

        return values;
    }
}
