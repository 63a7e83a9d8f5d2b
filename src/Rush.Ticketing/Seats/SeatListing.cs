using Npgsql;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary><c>GET /api/seats</c>: an event's seats with live statuses, and free seats a buyer can actually take.</summary>
/// <remarks>
/// Postgres knows FREE, RESERVED and SOLD; a hold (SELECTED) lives in Redis only. <c>status=FREE</c> leaves out
/// every seat held right now (the event's live-hold set), so its pages hold only seats anyone can select. Its
/// order: seats not just offered to another caller, by id, then those offered to others, by id
/// (<see cref="SeatOffers"/>). Page 1 marks its first seat as offered to the caller, so concurrent buyers each see
/// a different first seat. Without a status filter, held seats are listed as <c>SELECTED</c>. Totals are given
/// where they are cheap: not for FREE (it would read every free seat of the event on the busiest call).
/// </remarks>
public sealed class SeatListing(NpgsqlDataSource db, SeatHolds holds, SeatOffers offers, SeatLayout layout)
{
    /// <summary>How many candidates past the page the first page reads, for callers racing for the same first seats.</summary>
    public const int OfferMargin = 32;

    /// <summary>One page of seats, whether another follows, and the total over all pages when cheap to know.</summary>
    public async Task<SeatPageResult> ListAsync(long eventId, long userId, int? row, string? status, int page, int pageSize, CancellationToken ct)
    {
        var offset = (long)(page - 1) * pageSize;
        if (status == "FREE")
        {
            return await FreeAsync(eventId, userId, row, page == 1, offset, pageSize, ct);
        }

        // The whole event's count is the in-memory seat map's; a row or a status narrows it to an index range.
        var everySeat = status is null && row is null;
        var (seats, total) = await SeatPageQuery.RunAsync(db, eventId, row, status, offset, pageSize, count: !everySeat, ct);
        total ??= (await layout.SeatsOfAsync(eventId)).Count;
        if (status is null)
        {
            // A FREE seat may be held right now: Redis says so, never a cache.
            var holders = await holds.HoldersAsync(seats.Select(s => s.Id).ToList());
            seats = seats.Select((s, i) => s.Status == "FREE" && holders[i] is not null ? s with { Status = "SELECTED" } : s).ToList();
        }

        return new SeatPageResult(seats, offset + seats.Count < total, total);
    }

    private async Task<SeatPageResult> FreeAsync(long eventId, long userId, int? row, bool spread, long offset, int pageSize, CancellationToken ct)
    {
        var busy = await offers.BusyAsync(eventId, userId);
        var seats = await SeatPageQuery.FreeAsync(db, eventId, row, busy.Held, busy.OfferedToOthers, offset, pageSize + 1 + (spread ? OfferMargin : 0), ct);
        var others = busy.OfferedToOthers;
        if (spread && seats.Count > 0)
        {
            // Candidates offered to someone else since we read the marks move to the tail, as a fresh read would put them.
            var (_, lost) = await offers.OfferFirstAsync(eventId, userId, seats.Select(s => s.Id).ToList());
            if (lost.Count > 0)
            {
                seats = seats.Where(s => !lost.Contains(s.Id)).ToList();
                others = [.. others, .. lost];
            }
        }

        if (seats.Count > pageSize)
        {
            return new SeatPageResult(seats.GetRange(0, pageSize), true, null);
        }

        if (others.Count == 0)
        {
            return new SeatPageResult(seats, false, null);
        }

        // The unoffered seats end on this page: the rest of it comes from the seats offered to others.
        var unoffered = seats.Count > 0 || offset == 0 ? offset + seats.Count : await SeatPageQuery.CountFreeAsync(db, eventId, row, busy.Held, others, ct);
        var tail = await SeatPageQuery.FreeAmongAsync(db, eventId, row, busy.Held, others, Math.Max(0, offset + seats.Count - unoffered), pageSize - seats.Count + 1, ct);
        seats.AddRange(tail);
        return seats.Count > pageSize ? new SeatPageResult(seats.GetRange(0, pageSize), true, null) : new SeatPageResult(seats, false, null);
    }
}

/// <summary>A page of seats; <paramref name="Total"/> is null where counting would cost too much.</summary>
public sealed record SeatPageResult(IReadOnlyList<SeatView> Seats, bool HasMore, long? Total);
