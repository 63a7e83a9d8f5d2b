using System.Globalization;
using Npgsql;
using Rush.Platform.Caching;

namespace Rush.Ticketing.Bookings;

/// <summary>Reads and creates bookings in Postgres; state changes are in <see cref="BookingTransitions"/>.</summary>
public sealed class BookingStore(NpgsqlDataSource db, CacheAside cache)
{
    private const string Columns = "id, user_id, event_id, status, amount, created_at, expires_at, cancel_reason";
    private const string PaymentColumns = "booking_id, order_id, payment_id, payment_url, status, gateway_status, amount, updated_at";

    // A lookup by id alone visits every partition's index of events_archive (~170; 65 ms per lookup under a flash
    // sale's load), and every booking and seat list asks. The hand-made per-process cache this replaces expired for
    // all callers at once each minute and let every waiting request run the lookup (38 lookups, 2.5 s of Postgres
    // time in a 60 s flash sale); FusionCache runs one load per key. An event moved to another date is seen within a minute.
    private static readonly CacheEntryOptions EventDates = new("event-date", TimeSpan.FromMinutes(1))
    {
        LocalDuration = TimeSpan.FromMinutes(1),
        HardTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>When the event is, or null when there is no such event.</summary>
    public async Task<DateTimeOffset?> EventDateAsync(long eventId, CancellationToken ct) =>
        (await cache.GetOrLoadAsync(string.Create(CultureInfo.InvariantCulture, $"event-date:{eventId}"), async token =>
        {
            await using var cmd = db.CreateCommand("select event_date from events_archive where id = $1 limit 1");
            cmd.Parameters.AddWithValue(eventId);
            return new EventDate(await cmd.ExecuteScalarAsync(token) is DateTime date ? new DateTimeOffset(date, TimeSpan.Zero) : null);
        }, EventDates, ct)).At;

    /// <summary>
    /// Creates an empty booking that lapses at <paramref name="expiresAt"/> unless it goes to payment; null when the
    /// user already has <paramref name="maxOpen"/> open (created or pending_payment, not lapsed) bookings.
    /// </summary>
    /// <remarks>
    /// One round trip, one implicit transaction: the per-user advisory lock makes concurrent creates of one user
    /// count one after the other (the insert's snapshot is taken after the lock), so the limit holds under a race.
    /// </remarks>
    public async Task<Booking?> CreateAsync(long userId, long eventId, DateTimeOffset now, DateTimeOffset expiresAt, int maxOpen, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        var lockUser = new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtextextended('rush:open-bookings', $1))");
        lockUser.Parameters.Add(new NpgsqlParameter { Value = userId });
        var insert = new NpgsqlBatchCommand($"""
            insert into bookings (user_id, event_id, created_at, updated_at, expires_at)
            select $1, $2, $3, $3, $4
            where (select count(*) from bookings where user_id = $1 and status in ('created', 'pending_payment') and expires_at > $3) < $5
            returning {Columns}
            """);
        foreach (var value in new object[] { userId, eventId, now, expiresAt, maxOpen })
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(lockUser);
        batch.BatchCommands.Add(insert);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>The booking, or null.</summary>
    public async Task<Booking?> FindAsync(long bookingId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from bookings where id = $1");
        cmd.Parameters.AddWithValue(bookingId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>A user's latest bookings, newest first.</summary>
    public async Task<IReadOnlyList<Booking>> ListAsync(long userId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from bookings where user_id = $1 order by created_at desc, id desc limit $2");
        cmd.Parameters.AddWithValue(userId);
        cmd.Parameters.AddWithValue(limit);
        var bookings = new List<Booking>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            bookings.Add(Read(reader));
        }

        return bookings;
    }

    /// <summary>The seats each booking took to payment (booking id -> seat ids), for bookings past <c>created</c>.</summary>
    public async Task<ILookup<long, long>> SeatsOfAsync(IReadOnlyList<long> bookingIds, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select booking_id, seat_id from booking_seats where booking_id = any($1) order by seat_id");
        cmd.Parameters.AddWithValue(bookingIds.ToArray());
        var pairs = new List<(long Booking, long Seat)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pairs.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return pairs.ToLookup(p => p.Booking, p => p.Seat);
    }

    /// <summary>The booking's payment, or null when it never went to payment.</summary>
    public async Task<PaymentRecord?> PaymentOfAsync(long bookingId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {PaymentColumns} from payment_transactions where booking_id = $1 order by id desc limit 1");
        cmd.Parameters.AddWithValue(bookingId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadPayment(reader) : null;
    }

    /// <summary>The latest payment of each of <paramref name="bookingIds"/> that went to payment, in one query.</summary>
    public async Task<IReadOnlyDictionary<long, PaymentRecord>> PaymentsOfAsync(IReadOnlyList<long> bookingIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bookingIds);
        await using var cmd = db.CreateCommand(
            $"select distinct on (booking_id) {PaymentColumns} from payment_transactions where booking_id = any($1) order by booking_id, id desc");
        cmd.Parameters.AddWithValue(bookingIds.ToArray());
        var payments = new Dictionary<long, PaymentRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var payment = ReadPayment(reader);
            payments[payment.BookingId] = payment;
        }

        return payments;
    }

    /// <summary>The payment with the gateway's <paramref name="paymentId"/>, or null.</summary>
    public async Task<PaymentRecord?> PaymentAsync(string paymentId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {PaymentColumns} from payment_transactions where payment_id = $1");
        cmd.Parameters.AddWithValue(paymentId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadPayment(reader) : null;
    }

    /// <summary>The payment with our <paramref name="orderId"/>, or null.</summary>
    public async Task<PaymentRecord?> PaymentByOrderAsync(string orderId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {PaymentColumns} from payment_transactions where order_id = $1");
        cmd.Parameters.AddWithValue(orderId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadPayment(reader) : null;
    }

    /// <summary>The payment with id $1 and its booking (read them with <see cref="ReadPaymentWithBooking"/>), no row when unknown.</summary>
    internal static readonly string PaymentWithBookingQuery =
        $"select {Qualified(PaymentColumns, "p")}, {Qualified(Columns, "b")} from payment_transactions p join bookings b on b.id = p.booking_id where p.payment_id = $1";

    internal static (PaymentRecord Payment, Booking Booking) ReadPaymentWithBooking(NpgsqlDataReader reader) =>
        (ReadPayment(reader), Read(reader, first: 8));

    internal static Booking Read(NpgsqlDataReader reader, int first = 0) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetString(first + 3), reader.GetDecimal(first + 4),
        reader.GetFieldValue<DateTimeOffset>(first + 5), reader.GetFieldValue<DateTimeOffset>(first + 6), reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));

    private static PaymentRecord ReadPayment(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDecimal(6), reader.GetFieldValue<DateTimeOffset>(7));

    private static string Qualified(string columns, string table) => string.Join(", ", columns.Split(", ").Select(c => $"{table}.{c}"));
}

/// <summary>A cached event date; null <see cref="At"/>: no such event (remembered too, so unknown ids do not reach Postgres each time).</summary>
internal sealed record EventDate(DateTimeOffset? At);
