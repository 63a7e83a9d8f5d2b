using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;
using Rush.Platform.Redis;
using Rush.Platform.RateLimiting;
using Rush.Platform.Identity;
using Rush.Ticketing.Payments;
using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Bookings;

/// <summary>Seed 002's booking routes under <c>/api/bookings</c> (Basic Auth or a session token).</summary>
public static class BookingEndpoints
{
    private const int MaxBodyBytes = 4 * 1024;
    private const int ListLimit = 100;

    /// <summary>Maps the booking routes.</summary>
    public static IEndpointRouteBuilder MapBookings(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/bookings").RequireAuthorization().RequireRateLimiting(RatePolicyNames.Intake)
            .RefuseWhileRedisIsUnavailable();
        group.MapPost("", CreateAsync).WithTags("Bookings").Accepts<CreateBookingRequest>("application/json").Produces<BookingCreated>(StatusCodes.Status201Created)
            .ProducesProblemCodes(400, "invalid_json", "invalid_event_id").ProducesProblemCodes(404, "event_not_found").ProducesProblemCodes(409, "event_over", "too_many_open_bookings").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        group.MapGet("", ListAsync).WithTags("Bookings").WithSummary("The signed-in user's bookings.").Produces<List<BookingView>>();
        group.MapPatch("/initiatePayment", InitiatePaymentAsync).WithTags("Bookings").Accepts<BookingRequest>("application/json")
            .Produces(StatusCodes.Status302Found).Produces<PaymentStarted>()
            .ProducesProblemCodes(400, "invalid_json", "invalid_booking_id", "no_seats").ProducesProblemCodes(403, "forbidden").ProducesProblemCodes(404, "booking_not_found")
            .ProducesProblemCodes(409, "already_paid", "booking_cancelled").ProducesProblemCodes(419, "seat_taken").ProducesProblemCodes(502, "gateway_error").ProducesProblemCodes(503, "payments_unavailable").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        group.MapGet("/{bookingId}/payment-status", PaymentStatusAsync).WithTags("Bookings").Produces<PaymentStatusView>()
            .ProducesProblemCodes(400, "invalid_booking_id").ProducesProblemCodes(403, "forbidden").ProducesProblemCodes(404, "booking_not_found");
        group.MapPatch("/cancel", CancelAsync).WithTags("Bookings").Accepts<BookingRequest>("application/json").Produces<CancelResponse>()
            .ProducesProblemCodes(400, "invalid_json", "invalid_booking_id").ProducesProblemCodes(403, "forbidden").ProducesProblemCodes(404, "booking_not_found")
            .ProducesProblemCodes(409, "booking_changed", "no_payment", "refund_window_closed").ProducesProblemCodes(502, "gateway_error").ProducesProblemCodes(503, "payments_unavailable").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, BookingStore bookings, SeatHolds holds, IOptions<TicketingOptions> options, TimeProvider clock)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, BookingJson.Default.CreateBookingRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.EventId is not > 0)
        {
            return Problem.Result(context, 400, "invalid_event_id", "Send {\"event_id\": <positive integer>}.");
        }

        var now = clock.GetUtcNow();
        var eventDate = await bookings.EventDateAsync(request.EventId.Value, context.RequestAborted);
        if (eventDate is null)
        {
            return Problem.Result(context, 404, "event_not_found", $"There is no event {request.EventId}.");
        }

        if (eventDate <= now)
        {
            return Problem.Result(context, 409, "event_over", "This event has already taken place.");
        }

        var user = RushAuthentication.UserOf(context.User)!;
        var booking = await bookings.CreateAsync(user.Id, request.EventId.Value, now, now + options.Value.UnpaidBookingTtl,
            options.Value.MaxOpenBookingsPerUser, context.RequestAborted);
        if (booking is null)
        {
            return Problem.Result(context, 409, "too_many_open_bookings",
                $"You have {options.Value.MaxOpenBookingsPerUser} open bookings; pay or cancel one (PATCH /api/bookings/cancel) first.");
        }

        await holds.MirrorAsync(new BookingMirror(booking.Id, booking.UserId, booking.EventId, booking.Status));
        TicketingMetrics.BookingEntered(Booking.Created);
        return Results.Json(new BookingCreated(booking.Id, booking.EventId, booking.Status, booking.ExpiresAt), BookingJson.Default.BookingCreated,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, BookingViews views)
    {
        var user = RushAuthentication.UserOf(context.User)!;
        return Results.Json(await views.ListAsync(user.Id, ListLimit, context.RequestAborted), BookingJson.Default.ListBookingView);
    }

    private static async Task<IResult> InitiatePaymentAsync(HttpContext context, PaymentStart payments)
    {
        var (bookingId, problem) = await ReadBookingIdAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await payments.StartAsync(RushAuthentication.UserOf(context.User)!, bookingId, context.RequestAborted);
        if (result.Code is not null)
        {
            return Problem.Result(context, result.Status, result.Code, result.Detail!);
        }

        // Billetter v1.1: a 302 to the payment form, which a browser follows; API clients ask for JSON.
        return WantsJson(context.Request)
            ? Results.Json(new PaymentStarted(result.BookingId, Booking.PendingPayment, result.PaymentId!, result.PaymentUrl!, result.Amount), BookingJson.Default.PaymentStarted)
            : Results.Redirect(result.PaymentUrl!);
    }

    private static async Task<IResult> PaymentStatusAsync(HttpContext context, string bookingId, BookingStore bookings)
    {
        if (!long.TryParse(bookingId, out var id) || id <= 0)
        {
            return Problem.Result(context, 400, "invalid_booking_id", "The booking id must be a positive integer.");
        }

        var booking = await bookings.FindAsync(id, context.RequestAborted);
        if (booking is null)
        {
            return Problem.Result(context, 404, "booking_not_found", $"There is no booking {id}.");
        }

        if (booking.UserId != RushAuthentication.UserOf(context.User)!.Id)
        {
            return Problem.Result(context, 403, "forbidden", "This booking is not yours.");
        }

        var payment = await bookings.PaymentOfAsync(id, context.RequestAborted);
        return Results.Json(new PaymentStatusView(id, booking.Status, BookingViews.ToView(payment)), BookingJson.Default.PaymentStatusView);
    }

    private static async Task<IResult> CancelAsync(HttpContext context, BookingCancellation cancellation)
    {
        var (bookingId, problem) = await ReadBookingIdAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var (status, code, detail, refunded) = await cancellation.CancelAsync(RushAuthentication.UserOf(context.User)!, bookingId, context.RequestAborted);
        return code is not null
            ? Problem.Result(context, status, code, detail!)
            : Results.Json(new CancelResponse(bookingId, Booking.Cancelled, refunded), BookingJson.Default.CancelResponse);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static async Task<(long BookingId, IResult? Problem)> ReadBookingIdAsync(HttpContext context)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, BookingJson.Default.BookingRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return (0, problem);
        }

        return request!.BookingId is > 0
            ? (request.BookingId.Value, null)
            : (0, Problem.Result(context, 400, "invalid_booking_id", "Send {\"booking_id\": <positive integer>}."));
    }
}
