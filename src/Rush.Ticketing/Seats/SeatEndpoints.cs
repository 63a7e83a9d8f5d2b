using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;
using Rush.Platform.Identity;
using Rush.Platform.Redis;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Paging;

namespace Rush.Ticketing.Seats;

/// <summary>Seed 002's seat routes: list with live statuses, select (5-minute hold), release.</summary>
public static class SeatEndpoints
{
    /// <summary>Largest page (seed: 20).</summary>
    public const int MaxPageSize = 20;

    /// <summary>Largest page number (an event has at most 100,000 seats: 5,000 pages of 20).</summary>
    public const int MaxPage = 10_000;

    private const int MaxBodyBytes = 4 * 1024;
    private static readonly string[] Statuses = ["FREE", "RESERVED", "SOLD"];

    /// <summary>Maps the seat routes.</summary>
    public static IEndpointRouteBuilder MapSeats(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/seats").RequireAuthorization().RequireRateLimiting(RatePolicyNames.Intake)
            .RefuseWhileRedisIsUnavailable().ProducesProblemCodes(503, RedisUnavailableFilter.Code);
        group.MapGet("", ListAsync).WithTags("Seats").WithSummary("Seats of an event (?event_id=&page=&pageSize=&row=&status=).").Produces<IReadOnlyList<SeatView>>()
            .ProducesProblemCodes(400, "invalid_event_id", "invalid_paging", "invalid_status").ProducesProblemCodes(404, "event_not_found");
        group.MapPatch("/select", SelectAsync).WithTags("Seats").WithSummary("Hold a seat for a booking for 5 minutes.").Accepts<SelectSeatRequest>("application/json").Produces<SeatHoldResponse>()
            .ProducesProblemCodes(400, "invalid_json", "invalid_request", "wrong_event").ProducesProblemCodes(403, "forbidden").ProducesProblemCodes(404, "seat_not_found")
            .ProducesProblemCodes(419, "seat_taken", "booking_not_found", "booking_not_open", "seat_limit").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        group.MapPatch("/release", ReleaseAsync).WithTags("Seats").Accepts<ReleaseSeatRequest>("application/json").Produces<SeatHoldResponse>()
            .ProducesProblemCodes(400, "invalid_json", "invalid_request").ProducesProblemCodes(403, "forbidden").ProducesProblemCodes(419, "booking_not_open", "seat_not_held").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, BookingStore bookings, SeatListing listing,
        [FromQuery(Name = "event_id")] long? eventId, int? page, int? pageSize, int? row, string? status)
    {
        var size = pageSize ?? MaxPageSize;
        var number = page ?? 1;
        if (eventId is not > 0)
        {
            return Problem.Result(context, 400, "invalid_event_id", "event_id is required and must be a positive integer.");
        }

        if (number is < 1 or > MaxPage || size is < 1 or > MaxPageSize || row is < 1)
        {
            return Problem.Result(context, 400, "invalid_paging", $"page must be 1..{MaxPage}, pageSize between 1 and {MaxPageSize}, row >= 1.");
        }

        if (status is not null && !Statuses.Contains(status))
        {
            return Problem.Result(context, 400, "invalid_status", "status must be FREE, RESERVED or SOLD.");
        }

        if (await bookings.EventDateAsync(eventId.Value, context.RequestAborted) is null)
        {
            return Problem.Result(context, 404, "event_not_found", $"There is no event {eventId}.");
        }

        var user = RushAuthentication.UserOf(context.User)!;
        var result = await listing.ListAsync(eventId.Value, user.Id, row, status, number, size, context.RequestAborted);
        PagingHeaders.Write(context, number, size, result.HasMore, result.Total);
        return Results.Json(result.Seats, BookingJson.Default.IReadOnlyListSeatView);
    }

    private static async Task<IResult> SelectAsync(HttpContext context, SeatSelection selection, IOptions<TicketingOptions> options)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, BookingJson.Default.SelectSeatRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.BookingId is not > 0 || request.SeatId is not > 0)
        {
            return Problem.Result(context, 400, "invalid_request", "Send {\"booking_id\": <id>, \"seat_id\": <id>}.");
        }

        var outcome = await selection.SelectAsync(RushAuthentication.UserOf(context.User)!, request.BookingId.Value, request.SeatId.Value, context.RequestAborted);
        return outcome switch
        {
            null => Problem.Result(context, 404, "seat_not_found", $"There is no seat {request.SeatId}."),
            HoldOutcome.Held => Results.Json(new SeatHoldResponse(request.SeatId.Value, request.BookingId, "SELECTED", (int)options.Value.HoldTtl.TotalSeconds),
                BookingJson.Default.SeatHoldResponse),
            HoldOutcome.Taken => Problem.Result(context, 419, "seat_taken", "This seat is already held, reserved or sold."),
            HoldOutcome.NoBooking => Problem.Result(context, 419, "booking_not_found", $"There is no booking {request.BookingId}."),
            HoldOutcome.NotOwner => Problem.Result(context, 403, "forbidden", "This booking is not yours."),
            HoldOutcome.WrongEvent => Problem.Result(context, 400, "wrong_event", "This seat belongs to another event than the booking."),
            HoldOutcome.Limit => Problem.Result(context, 419, "seat_limit", $"A booking may hold at most {options.Value.MaxSeatsPerBooking} seats."),
            _ => Problem.Result(context, 419, "booking_not_open", "Seats can only be selected while the booking is in status created."),
        };
    }

    private static async Task<IResult> ReleaseAsync(HttpContext context, SeatSelection selection)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, BookingJson.Default.ReleaseSeatRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.SeatId is not > 0)
        {
            return Problem.Result(context, 400, "invalid_request", "Send {\"seat_id\": <id>}.");
        }

        return await selection.ReleaseAsync(RushAuthentication.UserOf(context.User)!, request.SeatId.Value, context.RequestAborted) switch
        {
            HoldOutcome.Released => Results.Json(new SeatHoldResponse(request.SeatId.Value, null, "FREE", null), BookingJson.Default.SeatHoldResponse),
            HoldOutcome.NotOwner => Problem.Result(context, 403, "forbidden", "This seat is held by someone else's booking."),
            HoldOutcome.NotOpen => Problem.Result(context, 419, "booking_not_open", "The booking went to payment; cancel the booking to give its seats back."),
            _ => Problem.Result(context, 419, "seat_not_held", "This seat is not held by any booking."),
        };
    }
}
