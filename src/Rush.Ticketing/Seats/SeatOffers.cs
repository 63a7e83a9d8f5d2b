using System.Globalization;
using Microsoft.Extensions.Options;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Ticketing.Seats;

/// <summary>Short-lived "offered first to" marks that spread concurrent buyers over different free seats.</summary>
/// <remarks>
/// Without them every buyer asking for free seats at the same moment gets the same first seat and all but one
/// of them lose it (419). A list of free seats marks its first seat as offered to its caller for
/// <see cref="TicketingOptions.SeatOfferTtl"/>; other callers' lists show that seat after the unoffered ones.
/// The mark orders lists only: the seat stays FREE and the hold script alone decides who gets it.
/// </remarks>
public sealed class SeatOffers(RedisConnection redis, IOptions<TicketingOptions> options)
{
    private static readonly RedisScript Busy = RedisScript.FromResource(typeof(SeatOffers), "seat-busy.lua");
    private static readonly RedisScript Offer = RedisScript.FromResource(typeof(SeatOffers), "seat-offer.lua");

    /// <summary>Seats of the event held right now, and those just offered to callers other than <paramref name="userId"/>.</summary>
    public async Task<BusySeats> BusyAsync(long eventId, long userId)
    {
        var result = (RedisResult[])(await Busy.EvaluateAsync(redis.Database, [SeatKeys.Held(eventId), SeatKeys.Offered(eventId)], [userId]))!;
        return new BusySeats(Ids(result[0]), Ids(result[1]));
    }

    /// <summary>
    /// Marks the first of <paramref name="candidates"/> (best first) not offered to someone else as offered to
    /// <paramref name="userId"/>; returns it (0 = none) and the candidates before it that turned out offered to others.
    /// </summary>
    public async Task<(long Offered, IReadOnlyList<long> Lost)> OfferFirstAsync(long eventId, long userId, IReadOnlyList<long> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return (0, []);
        }

        RedisKey[] keys = [SeatKeys.Offered(eventId), .. candidates.Select(id => (RedisKey)SeatKeys.Offer(id))];
        RedisValue[] args = [userId, (long)options.Value.SeatOfferTtl.TotalMilliseconds, .. candidates.Select(id => (RedisValue)id)];
        var result = (RedisResult[])(await Offer.EvaluateAsync(redis.Database, keys, args))!;
        return ((long)result[0], Ids(result[1]));
    }

    private static List<long> Ids(RedisResult list) =>
        ((RedisResult[])list!).Select(m => long.Parse((string)m!, CultureInfo.InvariantCulture)).ToList();
}

/// <summary>Seats that are FREE in Postgres but not to be offered first: <paramref name="Held"/> right now, or just offered to others.</summary>
public sealed record BusySeats(IReadOnlyList<long> Held, IReadOnlyList<long> OfferedToOthers);
