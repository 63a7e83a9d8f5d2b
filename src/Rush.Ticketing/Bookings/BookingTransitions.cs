using Npgsql;

namespace Rush.Ticketing.Bookings;

/// <summary>Every change of a booking's state, each one Postgres transaction with the seats and payment it moves.</summary>
/// <remarks>
/// The booking row is locked first (<c>for update</c>) in every transition, so two transitions of one
/// booking (a webhook and the sweeper, a cancel and a payment) run one after the other and the second
/// sees the first's result. Seat rows are locked in id order, so two bookings racing for overlapping
/// seats cannot deadlock.
/// </remarks>
public sealed class BookingTransitions(NpgsqlDataSource db)
{
    /// <summary>Cancel reason of a booking the sweeper lapsed unpaid: the only cancelled booking a late payment may revive.</summary>
    public const string ExpiredReason = "expired";

    /// <summary>
    /// created -> pending_payment: the held seats become RESERVED for this booking only if every one of
    /// them is still FREE in Postgres; otherwise nothing changes and the taken seats are returned.
    /// </summary>
    /// <remarks>One round trip: <c>ticketing_reserve</c> (006_sale_round_trips.sql) runs the transaction's statements in Postgres.</remarks>
    public async Task<ReserveResult> ReserveAsync(Booking booking, IReadOnlyList<long> seatIds, DateTimeOffset now, DateTimeOffset payBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(seatIds);
        await using var cmd = db.CreateCommand("select status, reserved, taken, amount, payment_id, payment_url from ticketing_reserve($1, $2, $3, $4, $5, $6)");
        cmd.Parameters.AddWithValue(booking.Id);
        cmd.Parameters.AddWithValue(seatIds.ToArray());
        cmd.Parameters.AddWithValue(booking.EventId);
        cmd.Parameters.AddWithValue(booking.OrderId);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(payBy);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var status = reader.IsDBNull(0) ? null : reader.GetString(0);
        if (!reader.GetBoolean(1))
        {
            return new ReserveResult(status, reader.GetFieldValue<long[]>(2), 0m);
        }

        return new ReserveResult(status, [], reader.GetDecimal(3))
        {
            Payment = new PaymentRecord(booking.Id, booking.OrderId, reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                "pending", null, reader.GetDecimal(3), now),
        };
    }

    /// <summary>Records what the gateway answered to the payment's init.</summary>
    public Task RecordInitAsync(string orderId, string paymentId, string? paymentUrl, string gatewayStatus, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(db, """
            update payment_transactions set payment_id = $2, payment_url = coalesce($3, payment_url), gateway_status = $4, updated_at = $5
            where order_id = $1
            """, ct, orderId, paymentId, (object?)paymentUrl ?? DBNull.Value, gatewayStatus, now);

    /// <summary>Records a non-final gateway status (FORM_SHOWED, AUTHORIZED...) without changing the booking.</summary>
    public Task RecordGatewayStatusAsync(long bookingId, string gatewayStatus, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(db, "update payment_transactions set gateway_status = $2, updated_at = $3 where booking_id = $1 and status = 'pending'",
            ct, bookingId, gatewayStatus, now);

    /// <summary>
    /// The gateway took the money: pending_payment -> paid (RESERVED -> SOLD). A payment that arrives after its
    /// booking lapsed unpaid (cancel reason <c>expired</c>) re-takes the same seats if all are still FREE. Any other
    /// cancelled booking (cancelled by the buyer, failed, or already refunded) never gets seats back: its money is
    /// to be refunded, or nothing happens when the payment was refunded already (a late or replayed confirmation).
    /// </summary>
    public async Task<SettleResult> SettlePaidAsync(long bookingId, string gatewayStatus, DateTimeOffset now, CancellationToken ct)
    {
        // The common case (pending_payment -> paid) in one round trip; anything else as below.
        await using (var settle = db.CreateCommand("select was, event_id, sold from ticketing_settle_pending($1, $2, $3)"))
        {
            settle.Parameters.AddWithValue(bookingId);
            settle.Parameters.AddWithValue(gatewayStatus);
            settle.Parameters.AddWithValue(now);
            await using var reader = await settle.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            switch (reader.IsDBNull(0) ? null : reader.GetString(0))
            {
                case null:
                    return new SettleResult(SettleOutcome.Unknown, []);
                case Booking.PendingPayment:
                    return new SettleResult(SettleOutcome.Paid, reader.GetFieldValue<long[]>(2)) { EventId = reader.GetInt64(1) };
                case Booking.Paid:
                    // The second webhook of every sale (AUTHORIZED was confirmed by us, then CONFIRMED arrives).
                    return new SettleResult(SettleOutcome.AlreadyPaid, []);
            }
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (status, reason) = await LockWithReasonAsync(conn, tx, bookingId, ct);
        if (status is null or Booking.Paid)
        {
            return new SettleResult(status is null ? SettleOutcome.Unknown : SettleOutcome.AlreadyPaid, []);
        }

        List<long> sold;
        if (status == Booking.PendingPayment)
        {
            sold = await SeatIdsAsync(conn, tx, "update seats set status = 'SOLD', updated_at = $2 where booking_id = $1 and status = 'RESERVED' returning id", bookingId, now, ct);
        }
        else if (status == Booking.Cancelled && reason != ExpiredReason)
        {
            await tx.RollbackAsync(ct);
            return await RefundInsteadAsync(bookingId, gatewayStatus, now, ct);
        }
        else
        {
            // Late payment: the booking lapsed and its seats went back to FREE.
            var wanted = await CountAsync(conn, tx, "select count(*) from booking_seats where booking_id = $1", bookingId, ct);
            sold = await SeatIdsAsync(conn, tx, """
                with locked as (select id from seats where id in (select seat_id from booking_seats where booking_id = $1) order by id for update)
                update seats s set status = 'SOLD', booking_id = $1, updated_at = $2 from locked
                where s.id = locked.id and s.status = 'FREE' returning s.id
                """, bookingId, now, ct);
            if (wanted == 0 || sold.Count != wanted)
            {
                await tx.RollbackAsync(ct);
                return await RefundInsteadAsync(bookingId, gatewayStatus, now, ct);
            }
        }

        await ExecuteAsync(conn, tx, "update bookings set status = 'paid', cancel_reason = null, updated_at = $2 where id = $1", ct, bookingId, now);
        await ExecuteAsync(conn, tx, "update payment_transactions set status = 'completed', gateway_status = $2, updated_at = $3 where booking_id = $1 and status <> 'refunded'",
            ct, bookingId, gatewayStatus, now);
        await tx.CommitAsync(ct);
        return new SettleResult(status == Booking.PendingPayment ? SettleOutcome.Paid : SettleOutcome.PaidLate, sold);
    }

    // Money taken for a booking that will not get its seats: mark the payment for a refund, unless it was refunded already.
    private async Task<SettleResult> RefundInsteadAsync(long bookingId, string gatewayStatus, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update payment_transactions set status = 'completed', gateway_status = $2, updated_at = $3
            where booking_id = $1 and status <> 'refunded'
            """);
        cmd.Parameters.AddWithValue(bookingId);
        cmd.Parameters.AddWithValue(gatewayStatus);
        cmd.Parameters.AddWithValue(now);
        return new SettleResult(await cmd.ExecuteNonQueryAsync(ct) > 0 ? SettleOutcome.RefundNeeded : SettleOutcome.AlreadyRefunded, []);
    }

    /// <summary>
    /// Ends a booking that is in one of <paramref name="from"/>: -> cancelled, its seats back to FREE,
    /// its open payment set to <paramref name="paymentStatus"/>. Returns null when the booking was in another state.
    /// </summary>
    public async Task<IReadOnlyList<long>?> EndAsync(long bookingId, string[] from, string reason, string paymentStatus, string? gatewayStatus,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = await LockAsync(conn, tx, bookingId, ct);
        if (status is null || !from.Contains(status))
        {
            return null;
        }

        var freed = await SeatIdsAsync(conn, tx, "update seats set status = 'FREE', booking_id = null, updated_at = $2 where booking_id = $1 returning id", bookingId, now, ct);
        await ExecuteAsync(conn, tx, "update bookings set status = 'cancelled', cancel_reason = $2, updated_at = $3 where id = $1", ct, bookingId, reason, now);
        await ExecuteAsync(conn, tx, """
            update payment_transactions set status = $2, gateway_status = coalesce($3, gateway_status), updated_at = $4
            where booking_id = $1 and status in ('pending', 'completed')
            """, ct, bookingId, paymentStatus, (object?)gatewayStatus ?? DBNull.Value, now);
        await tx.CommitAsync(ct);
        return freed;
    }

    /// <summary>A late payment's money went back (the booking stays cancelled).</summary>
    public Task MarkRefundedAsync(long bookingId, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(db, "update payment_transactions set status = 'refunded', gateway_status = 'REFUNDED', updated_at = $2 where booking_id = $1 and status = 'completed'",
            ct, bookingId, now);

    private static async Task<(string? Status, string? Reason)> LockWithReasonAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long bookingId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select status, cancel_reason from bookings where id = $1 for update", conn, tx);
        cmd.Parameters.AddWithValue(bookingId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : (null, null);
    }

    private static async Task<string?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long bookingId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select status from bookings where id = $1 for update", conn, tx);
        cmd.Parameters.AddWithValue(bookingId);
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task<List<long>> SeatIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, long bookingId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue(bookingId);
        cmd.Parameters.AddWithValue(now);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<long> CountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, long bookingId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue(bookingId);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = source.CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Outcome of <see cref="BookingTransitions.ReserveAsync"/>: the booking's status afterwards, seats found taken, the amount due.</summary>
public sealed record ReserveResult(string? Status, IReadOnlyList<long> TakenSeats, decimal Amount)
{
    /// <summary>The payment row when this call reserved the seats (it knows the booking is pending_payment with this payment); null otherwise.</summary>
    public PaymentRecord? Payment { get; init; }
}

/// <summary>What settling a confirmed payment did.</summary>
public enum SettleOutcome
{
    /// <summary>No such booking.</summary>
    Unknown,

    /// <summary>pending_payment -> paid.</summary>
    Paid,

    /// <summary>The booking had lapsed but all its seats were still free: paid after all.</summary>
    PaidLate,

    /// <summary>Already paid (a replayed or duplicated confirmation).</summary>
    AlreadyPaid,

    /// <summary>The booking had lapsed and a seat was taken meanwhile, or it was cancelled: the money must go back.</summary>
    RefundNeeded,

    /// <summary>The booking was refunded already: a late or replayed confirmation changes nothing.</summary>
    AlreadyRefunded,
}

/// <summary>Outcome of <see cref="BookingTransitions.SettlePaidAsync"/> and the seats now sold.</summary>
public sealed record SettleResult(SettleOutcome Outcome, IReadOnlyList<long> SoldSeats)
{
    /// <summary>The booking's event when the common case settled it (saves a read for the leaderboard); null otherwise.</summary>
    public long? EventId { get; init; }
}
