using System.Text.Json;
using System.Text.Json.Serialization;
using Rush.Ticketing.Payments;
using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Bookings;

/// <summary>Source-generated JSON of the booking, seat and payment APIs: snake_case, as seed 002's bodies (<c>event_id</c>, <c>booking_id</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateBookingRequest))]
[JsonSerializable(typeof(BookingRequest))]
[JsonSerializable(typeof(SelectSeatRequest))]
[JsonSerializable(typeof(ReleaseSeatRequest))]
[JsonSerializable(typeof(BookingCreated))]
[JsonSerializable(typeof(List<BookingView>))]
[JsonSerializable(typeof(PaymentStarted))]
[JsonSerializable(typeof(PaymentStatusView))]
[JsonSerializable(typeof(CancelResponse))]
[JsonSerializable(typeof(IReadOnlyList<SeatView>))]
[JsonSerializable(typeof(SeatHoldResponse))]
[JsonSerializable(typeof(BreakerStatusResponse))]
[JsonSerializable(typeof(WebhookAnswer))]
[JsonSerializable(typeof(CallbackAnswer))]
[JsonSerializable(typeof(ResetAnswer))]
public sealed partial class BookingJson : JsonSerializerContext;

/// <summary><c>POST /api/bookings</c> body.</summary>
public sealed record CreateBookingRequest(long? EventId);

/// <summary>Body naming a booking (<c>initiatePayment</c>, <c>cancel</c>).</summary>
public sealed record BookingRequest(long? BookingId);

/// <summary><c>PATCH /api/seats/select</c> body.</summary>
public sealed record SelectSeatRequest(long? BookingId, long? SeatId);

/// <summary><c>PATCH /api/seats/release</c> body.</summary>
public sealed record ReleaseSeatRequest(long? SeatId);

/// <summary>A created booking (seed: <c>{"id"}</c>).</summary>
public sealed record BookingCreated(long Id, long EventId, string Status, DateTimeOffset ExpiresAt);

/// <summary>A booking with its seats and payment, as <c>GET /api/bookings</c> lists it.</summary>
public sealed record BookingView(
    long Id, long EventId, string Status, decimal Amount, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? CancelReason,
    IReadOnlyList<SeatView> Seats, PaymentView? Payment);

/// <summary>A seat with its live status (<c>FREE</c>, <c>SELECTED</c>, <c>RESERVED</c>, <c>SOLD</c>).</summary>
public sealed record SeatView(long Id, string Zone, int Row, int Number, [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Price, string Status);

/// <summary>A booking's payment.</summary>
public sealed record PaymentView(string? PaymentId, string Status, string? GatewayStatus, decimal Amount, string? PaymentUrl);

/// <summary>Answer of <c>initiatePayment</c> (JSON mode).</summary>
public sealed record PaymentStarted(long BookingId, string Status, string PaymentId, string PaymentUrl, decimal Amount);

/// <summary>Answer of <c>GET /api/bookings/{id}/payment-status</c>.</summary>
public sealed record PaymentStatusView(long BookingId, string BookingStatus, PaymentView? Payment);

/// <summary>Answer of <c>PATCH /api/bookings/cancel</c>.</summary>
public sealed record CancelResponse(long BookingId, string Status, bool Refunded);


/// <summary>Answer of a seat select/release.</summary>
public sealed record SeatHoldResponse(long SeatId, long? BookingId, string Status, int? ExpiresInSeconds);

/// <summary>Seed 002's <c>circuit-breaker-status</c> answer.</summary>
public sealed record BreakerStatusResponse(bool Success, BreakerStatus CircuitBreaker);

/// <summary>What a webhook delivery did.</summary>
public sealed record WebhookAnswer(bool Success, string Result);

/// <summary>Answer of the success/fail callbacks: the booking's state after checking with the gateway.</summary>
public sealed record CallbackAnswer(bool Success, long BookingId, string BookingStatus, string PaymentStatus, bool Verified);

/// <summary>Answer of <c>POST /api/reset</c>.</summary>
public sealed record ResetAnswer(bool Success, long BookingsDeleted, long SeatsFreed);
