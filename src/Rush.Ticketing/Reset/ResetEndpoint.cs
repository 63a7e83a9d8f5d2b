using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Http;
using Rush.Platform.Leaderboards;
using Rush.Platform.Redis;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Reset;

/// <summary>
/// Seed 002's <c>POST /api/reset</c>: clears bookings, payments, holds and the tickets-sold board, keeps users, events and the
/// seat map. A test tool: answers 404 unless <c>Ticketing:EnableReset=true</c>.
/// </summary>
public static class ResetEndpoint
{

    /// <summary>Maps the route (always, so a disabled reset answers a clear 404 problem).</summary>
    public static IEndpointRouteBuilder MapReset(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/reset", ResetAsync);
        return endpoints;
    }

    private static async Task<IResult> ResetAsync(HttpContext context, IOptions<TicketingOptions> options, NpgsqlDataSource db, RedisConnection redis)
    {
        if (!options.Value.EnableReset)
        {
            return Problem.Result(context, 404, "not_found", "There is no such route.");
        }

        long bookingsDeleted;
        long seatsFreed;
        await using (var conn = await db.OpenConnectionAsync(context.RequestAborted))
        await using (var tx = await conn.BeginTransactionAsync(context.RequestAborted))
        {
            seatsFreed = await ExecuteAsync(conn, tx, "update seats set status = 'FREE', booking_id = null, updated_at = now() where status <> 'FREE'");
            await ExecuteAsync(conn, tx, "delete from webhook_receipts");
            bookingsDeleted = await ExecuteAsync(conn, tx, "delete from bookings");
            await tx.CommitAsync(context.RequestAborted);
        }

        // Holds and booking mirrors only; the kitchen's keys in the same Redis are left alone.
        await RedisKeySweep.DeleteMatchingAsync(redis, "seat:*", context.RequestAborted);
        await RedisKeySweep.DeleteMatchingAsync(redis, "seats:*", context.RequestAborted);
        await RedisKeySweep.DeleteMatchingAsync(redis, "booking:*", context.RequestAborted);
        await redis.Database.KeyDeleteAsync(Leaderboard.Key(Leaderboard.EventsBoard));

        return Results.Json(new ResetAnswer(true, bookingsDeleted, seatsFreed), BookingJson.Default.ResetAnswer);
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteNonQueryAsync();
    }
}
