using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Hosting;
using Rush.Platform.Redis;
using Rush.Ticketing.Bookings;
using StackExchange.Redis;

namespace Rush.Ticketing.Seats;

/// <summary>
/// Re-derives the seat state that matters from Postgres before Ticketing trusts Redis again: at start,
/// after Redis came back from an outage and after a Sentinel failover (<see cref="IRedisAvailability.CameBack"/>).
/// </summary>
/// <remarks>
/// Redis may come back empty (restart without its AOF) or stale (a promoted replica missed the last
/// writes: Sentinel replication is asynchronous). Postgres already refuses to sell a seat twice; what a
/// stale Redis could still do is let a second buyer <em>hold</em> a seat that Postgres has RESERVED or
/// SOLD, and sell it nothing but a failed payment. So every RESERVED or SOLD seat is claimed again for
/// its booking (with the booking's mirror), and until that is done for the current
/// <see cref="IRedisAvailability.Epoch"/> a hold asks Postgres first (<see cref="RefusesAsync"/>).
/// Live 5-minute holds (SELECTED) exist only in Redis: those a failover drops are lost, and the seat is
/// FREE again (README, "Redis failure": what each key family keeps).
/// </remarks>
public sealed partial class SeatResync : BackgroundService
{
    private const int Parallel = 64;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly RedisConnection _redis;
    private readonly NpgsqlDataSource _db;
    private readonly SeatHolds _holds;
    private readonly ILogger<SeatResync> _log;
    private readonly Channel<long> _cameBack = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private long _syncedEpoch = -1;

    /// <summary>Creates the resync and subscribes it to Redis coming back.</summary>
    public SeatResync(RedisConnection redis, NpgsqlDataSource db, SeatHolds holds, ILogger<SeatResync> log)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _db = db;
        _holds = holds;
        _log = log;
        redis.Availability.CameBack += (_, e) => _cameBack.Writer.TryWrite(e.Epoch);
    }

    /// <summary>True once Redis's seat keys were re-derived from Postgres since the last time Redis came back.</summary>
    public bool IsTrusted => Interlocked.Read(ref _syncedEpoch) == _redis.Availability.Epoch;

    /// <summary>
    /// While Redis is not yet resynced: true when Postgres has <paramref name="seatId"/> RESERVED or SOLD, so
    /// the hold must be refused whatever Redis says. Once resynced, false without asking Postgres.
    /// </summary>
    public async Task<bool> RefusesAsync(long seatId, CancellationToken ct)
    {
        if (IsTrusted)
        {
            return false;
        }

        await using var cmd = _db.CreateCommand("select status from seats where id = $1");
        cmd.Parameters.AddWithValue(seatId);
        return await cmd.ExecuteScalarAsync(ct) is string status && status != "FREE";
    }

    /// <summary>Claims every RESERVED or SOLD seat in Redis for its booking; returns how many seats.</summary>
    public async Task<int> ResyncAsync(CancellationToken ct)
    {
        var epoch = _redis.Availability.Epoch;
        var owned = await OwnedSeatsAsync(ct);
        var claimed = 0;
        foreach (var chunk in owned.Chunk(Parallel))
        {
            await Task.WhenAll(chunk.Select(async b =>
            {
                await _holds.MirrorAsync(new BookingMirror(b.BookingId, b.UserId, b.EventId, b.Status));
                await _holds.ClaimAsync(b.BookingId, b.Status, b.SeatIds, b.Sold);
            })).WaitAsync(ct);
            claimed += chunk.Sum(b => b.SeatIds.Count);
        }

        // A booking cancelled between the read and its claim freed its seats in Redis before the claim
        // wrote them again: free those once more (compare-and-delete, so a new holder is left alone).
        var ids = owned.Select(b => b.BookingId).Distinct().ToArray();
        foreach (var ended in await CancelledAsync(ids, ct))
        {
            await _holds.FreeAsync(ended, Booking.Cancelled, owned.Where(b => b.BookingId == ended).SelectMany(b => b.SeatIds).ToList());
        }

        // Trusted only for the epoch read before the Postgres query: if Redis came back again meanwhile, the loop runs again.
        Interlocked.Exchange(ref _syncedEpoch, epoch);
        if (epoch == 0)
        {
            LogResyncedAtStart(claimed, ids.Length);
        }
        else
        {
            LogResynced(claimed, ids.Length, epoch);
        }

        return claimed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var retry = new PeriodicTimer(RetryInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!IsTrusted)
            {
                try
                {
                    _ = await ResyncAsync(stoppingToken);
                }
                catch (Exception e) when (e is RedisException or NpgsqlException or TimeoutException)
                {
                    // Redis or Postgres is away; holds keep asking Postgres, and the next tick tries again.
                    LogResyncFailed(e.Message);
                    if (!await retry.TickOrStopAsync(stoppingToken))
                    {
                        return;
                    }

                    continue;
                }
            }

            try
            {
                _ = await _cameBack.Reader.ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            while (_cameBack.Reader.TryRead(out _))
            {
                // Several "came back" in a row need one resync.
            }
        }
    }

    private async Task<List<OwnedSeats>> OwnedSeatsAsync(CancellationToken ct)
    {
        var owned = new Dictionary<(long, bool), OwnedSeats>();
        await using var cmd = _db.CreateCommand("""
            select s.booking_id, s.id, s.status, b.user_id, b.event_id, b.status
            from seats s join bookings b on b.id = s.booking_id
            where s.status <> 'FREE'
            """);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetInt64(0), reader.GetString(2) == "SOLD");
            if (!owned.TryGetValue(key, out var booking))
            {
                owned[key] = booking = new OwnedSeats(key.Item1, reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5), key.Item2, []);
            }

            booking.SeatIds.Add(reader.GetInt64(1));
        }

        return [.. owned.Values];
    }

    private async Task<List<long>> CancelledAsync(long[] bookingIds, CancellationToken ct)
    {
        var cancelled = new List<long>();
        if (bookingIds.Length == 0)
        {
            return cancelled;
        }

        await using var cmd = _db.CreateCommand("select id from bookings where id = any($1) and status = 'cancelled'");
        cmd.Parameters.AddWithValue(bookingIds);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            cancelled.Add(reader.GetInt64(0));
        }

        return cancelled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seat state synced from Postgres at start: {Seats} RESERVED/SOLD seats of {Bookings} bookings claimed in Redis")]
    private partial void LogResyncedAtStart(int seats, int bookings);

    // A warning like the kitchen's rebuild: Redis came back or another master took over, an operator wants to see it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis came back: seat state resynced from Postgres, {Seats} RESERVED/SOLD seats of {Bookings} bookings claimed again (availability epoch {Epoch})")]
    private partial void LogResynced(int seats, int bookings, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seat resync from Postgres failed, holds keep checking Postgres: {Reason}")]
    private partial void LogResyncFailed(string reason);

    private sealed record OwnedSeats(long BookingId, long UserId, long EventId, string Status, bool Sold, List<long> SeatIds);
}
