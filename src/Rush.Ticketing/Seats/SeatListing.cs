using Npgsql;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary><c>GET /api/seats</c>: an event's seats with live statuses, and free seats a buyer can actually take.</summary>
/// <remarks>
/// Postgres knows FREE, RESERVED and SOLD; a hold (SELECTED) lives in Redis only. <c>status=FREE</c> leaves out
/// every seat held right now (the event's live-hold set), so paging and the total count only seats anyone can
/// select. Its order: seats not just offered to another caller, by id, then those offered to others, by id
/// (<see cref="SeatOffers"/>). Page 1 marks its first seat as offered to the caller, so concurrent buyers
/// each see a different first seat. Without a status filter, held seats are listed as <c>SELECTED</c>.
/// </remarks>
public sealed class SeatListing(NpgsqlDataSource db, SeatHolds holds, SeatOffers offers)
{
    /// <summary>How many candidates past the page the first page reads, for callers racing for the same first seats.</summary>
    public const int OfferMargin = 32;

    /// <summary>One page of seats and the total over all pages.</summary>
    public async Task<(IReadOnlyList<SeatView> Seats, long Total)> ListAsync(
        long eventId, long userId, int? row, string? status, int page, int pageSize, CancellationToken ct)
    {
        var offset = (long)(page - 1) * pageSize;
        if (status == "FREE")
        {
            return await FreeAsync(eventId, userId, row, page == 1, offset, pageSize, ct);
        }

        var (seats, total) = await SeatPageQuery.RunAsync(db, eventId, row, status, offset, pageSize, ct);
        if (status is null)
        {
            // A FREE seat may be held right now: Redis says so, never a cache.
            var holders = await holds.HoldersAsync(seats.Select(s => s.Id).ToList());
            seats = seats.Select((s, i) => s.Status == "FREE" && holders[i] is not null ? s with { Status = "SELECTED" } : s).ToList();
        }

        return (seats, total);
    }

    private async Task<(IReadOnlyList<SeatView>, long)> FreeAsync(long eventId, long userId, int? row, bool spread, long offset, int pageSize, CancellationToken ct)
    {
        var busy = await offers.BusyAsync(eventId, userId);
        var (seats, total, offered) = await SeatPageQuery.FreeAsync(db, eventId, row, busy.Held, busy.OfferedToOthers, offset,
            pageSize + (spread ? OfferMargin : 0), ct);
        var others = busy.OfferedToOthers;
        if (spread && seats.Count > 0)
        {
            // Candidates offered to someone else since we read the marks move to the tail, as a fresh read would put them.
            var (_, lost) = await offers.OfferFirstAsync(eventId, userId, seats.Select(s => s.Id).ToList());
            if (lost.Count > 0)
            {
                seats = seats.Where(s => !lost.Contains(s.Id)).ToList();
                others = [.. others, .. lost];
                offered += lost.Count;
            }
        }

        if (seats.Count > pageSize)
        {
            return (seats.GetRange(0, pageSize), total);
        }

        // The unoffered seats end on this page: the rest of it comes from the seats offered to others.
        var unoffered = total - offered;
        var tailOffset = Math.Max(0, offset + seats.Count - unoffered);
        if (others.Count > 0 && seats.Count < pageSize)
        {
            seats.AddRange(await SeatPageQuery.FreeAmongAsync(db, eventId, row, busy.Held, others, tailOffset, pageSize - seats.Count, ct));
        }

        return (seats, total);
    }
}
