using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using Rush.Platform.Leaderboards;
using Rush.Platform.Redis;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Reset;

/// <summary>
/// Seed 002's <c>POST /api/reset</c>: clears bookings, payments, holds and the tickets-sold board, keeps users, events and the
/// seat map. A test tool (finding 10): operators only, and it answers 404 unless the environment is
/// Development or <c>Ticketing:EnableReset=true</c> is set explicitly.
/// </summary>
public static class ResetEndpoint
{
    /// <summary>Maps the route (always, so a disabled reset answers a clear 404 problem).</summary>
    public static IEndpointRouteBuilder MapReset(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/reset", ResetAsync).RequireAuthorization(RushPolicies.Operator)
            .WithTags("Ticketing admin").WithSummary("Clears bookings and frees seats; operators only, and only in Development or with Ticketing:EnableReset on (404 otherwise).")
            .Produces<ResetAnswer>().ProducesProblemCodes(404, "not_found");
        return endpoints;
    }

    /// <summary>True where a reset may run at all: a development machine, or a deployment that switched it on on purpose.</summary>
    public static bool IsEnabled(IHostEnvironment environment, TicketingOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        return environment.IsDevelopment() || options.EnableReset;
    }

    private static async Task<IResult> ResetAsync(HttpContext context, IOptions<TicketingOptions> options, IHostEnvironment environment, NpgsqlDataSource db, RedisConnection redis)
    {
        if (!IsEnabled(environment, options.Value))
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
        await redis.Database.KeyDeleteAsync(Leaderboard.Key(TicketingBoards.Events));

        return Results.Json(new ResetAnswer(true, bookingsDeleted, seatsFreed), BookingJson.Default.ResetAnswer);
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteNonQueryAsync();
    }
}
