using System.Globalization;
using Microsoft.Extensions.Options;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Ticketing.Seats;

/// <summary>The Redis side of seats: atomic holds, releases, and keeping Redis in line with Postgres.</summary>
/// <remarks>
/// Redis is the fast path that keeps two buyers off one seat during selection; Postgres decides the
/// sale (see 002_seats.sql). Every write here is one Lua script, so each check-then-set is atomic.
/// </remarks>
public sealed class SeatHolds(RedisConnection redis, IOptions<TicketingOptions> options)
{
    private static readonly RedisScript Hold = RedisScript.FromResource(typeof(SeatHolds), "seat-hold.lua");
    private static readonly RedisScript Release = RedisScript.FromResource(typeof(SeatHolds), "seat-release.lua");
    private static readonly RedisScript Claim = RedisScript.FromResource(typeof(SeatHolds), "seat-claim.lua");
    private static readonly RedisScript Free = RedisScript.FromResource(typeof(SeatHolds), "seat-free.lua");

    // A booking's mirror outlives every state in which the hold script may read it.
    private TimeSpan MirrorTtl => (options.Value.UnpaidBookingTtl * 2) + TimeSpan.FromHours(1);

    /// <summary>Writes the booking mirror the hold script checks (owner, event, status).</summary>
    public Task MirrorAsync(BookingMirror booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var key = SeatKeys.Booking(booking.BookingId);
        var batch = redis.Database.CreateBatch();
        var set = batch.HashSetAsync(key,
        [
            new HashEntry("user", booking.UserId),
            new HashEntry("event", booking.EventId),
            new HashEntry("status", booking.Status),
        ]);
        var expire = batch.KeyExpireAsync(key, MirrorTtl);
        batch.Execute();
        return Task.WhenAll(set, expire);
    }

    /// <summary>Holds <paramref name="seatId"/> for the booking for <see cref="TicketingOptions.HoldTtl"/>.</summary>
    public async Task<HoldOutcome> HoldAsync(long bookingId, long userId, long seatId, long seatEventId)
    {
        var settings = options.Value;
        var result = await Hold.EvaluateAsync(redis.Database,
            [SeatKeys.Seat(seatId), SeatKeys.Booking(bookingId), SeatKeys.BookingSeats(bookingId), SeatKeys.Held(seatEventId)],
            [bookingId, userId, seatEventId, (long)settings.HoldTtl.TotalMilliseconds, settings.MaxSeatsPerBooking, seatId, (long)MirrorTtl.TotalMilliseconds]);
        return Parse((string?)result);
    }

    /// <summary>Releases a seat the caller believes <paramref name="bookingId"/> holds.</summary>
    public async Task<HoldOutcome> ReleaseAsync(long bookingId, long userId, long seatId, long seatEventId)
    {
        var result = await Release.EvaluateAsync(redis.Database,
            [SeatKeys.Seat(seatId), SeatKeys.Booking(bookingId), SeatKeys.BookingSeats(bookingId), SeatKeys.Held(seatEventId)],
            [bookingId, userId, seatId]);
        return Parse((string?)result);
    }

    /// <summary>The booking id holding each seat (null = nobody), in the order given.</summary>
    public async Task<long?[]> HoldersAsync(IReadOnlyList<long> seatIds)
    {
        ArgumentNullException.ThrowIfNull(seatIds);
        if (seatIds.Count == 0)
        {
            return [];
        }

        var values = await redis.Database.StringGetAsync(seatIds.Select(id => (RedisKey)SeatKeys.Seat(id)).ToArray());
        return values.Select(v => v.HasValue && long.TryParse((string?)v, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : (long?)null).ToArray();
    }

    /// <summary>Seat ids of the event held right now (any booking), from the live-hold set the hold script keeps.</summary>
    public async Task<IReadOnlyList<long>> HeldSeatsAsync(long eventId)
    {
        var members = await redis.Database.SortedSetRangeByScoreAsync(SeatKeys.Held(eventId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), double.PositiveInfinity);
        return members.Select(m => long.Parse((string)m!, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Seats the booking selected whose hold is still live, ascending.</summary>
    public async Task<IReadOnlyList<long>> LiveSelectionAsync(long bookingId)
    {
        var members = await redis.Database.SetMembersAsync(SeatKeys.BookingSeats(bookingId));
        var seatIds = members.Select(m => long.Parse((string)m!, CultureInfo.InvariantCulture)).Order().ToList();
        var holders = await HoldersAsync(seatIds);
        return seatIds.Where((_, i) => holders[i] == bookingId).ToList();
    }

    /// <summary>Makes Redis show the booking's seats as its own after Postgres reserved (<paramref name="sold"/> false) or sold them.</summary>
    public Task ClaimAsync(long bookingId, string status, IReadOnlyList<long> seatIds, bool sold)
    {
        ArgumentNullException.ThrowIfNull(seatIds);
        // A reserved seat's key outlives the payment window so it cannot lapse before the sweeper acts.
        var ttl = sold ? 0 : (long)(options.Value.UnpaidBookingTtl + options.Value.SweepInterval + TimeSpan.FromMinutes(1)).TotalMilliseconds;
        RedisKey[] keys = [SeatKeys.Booking(bookingId), .. seatIds.Select(id => (RedisKey)SeatKeys.Seat(id))];
        return Claim.EvaluateAsync(redis.Database, keys, [bookingId, status, ttl, (long)MirrorTtl.TotalMilliseconds]);
    }

    /// <summary>Frees everything the booking holds or owns in Redis (compare-and-delete) and records its final status.</summary>
    public Task FreeAsync(long bookingId, string status, IReadOnlyList<long> ownedSeatIds)
    {
        ArgumentNullException.ThrowIfNull(ownedSeatIds);
        RedisKey[] keys = [SeatKeys.Booking(bookingId), SeatKeys.BookingSeats(bookingId), .. ownedSeatIds.Select(id => (RedisKey)SeatKeys.Seat(id))];
        return Free.EvaluateAsync(redis.Database, keys, [bookingId, status, (long)MirrorTtl.TotalMilliseconds]);
    }

    private static HoldOutcome Parse(string? answer) => answer switch
    {
        "held" => HoldOutcome.Held,
        "released" => HoldOutcome.Released,
        "taken" => HoldOutcome.Taken,
        "not_held" => HoldOutcome.NotHeld,
        "no_booking" => HoldOutcome.NoBooking,
        "not_owner" => HoldOutcome.NotOwner,
        "wrong_event" => HoldOutcome.WrongEvent,
        "not_open" => HoldOutcome.NotOpen,
        "limit" => HoldOutcome.Limit,
        _ => throw new InvalidOperationException($"Unexpected answer from a seat script: '{answer}'."),
    };
}

/// <summary>What the hold script needs to know about a booking.</summary>
public sealed record BookingMirror(long BookingId, long UserId, long EventId, string Status);
