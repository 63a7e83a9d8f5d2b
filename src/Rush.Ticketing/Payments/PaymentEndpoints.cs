using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;
using Rush.Platform.Payments;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Payments;

/// <summary>Seed 002's payment routes: the signed webhook (and v1.1's alias), the success/fail callbacks, the breaker status.</summary>
public static partial class PaymentEndpoints
{
    private const int MaxWebhookBytes = 64 * 1024;

    /// <summary>Maps the payment routes (public: the gateway and the buyer's browser call them).</summary>
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/webhook/payment", WebhookAsync)
            .WithTags("Payments").WithSummary("Gateway webhook (HMAC-signed body), idempotent.").Accepts<PaymentWebhook>("application/json").Produces<WebhookAnswer>()
            .ProducesProblemCodes(400, "invalid_webhook").ProducesProblemCodes(401, "invalid_signature").ProducesProblemCodes(404, "payment_not_found").ProducesProblemCodes(413, "payload_too_large");
        endpoints.MapPost("/api/payments/notifications", WebhookAsync)
            .WithTags("Payments").WithSummary("The same webhook under the gateway's notification path.").Accepts<PaymentWebhook>("application/json").Produces<WebhookAnswer>()
            .ProducesProblemCodes(400, "invalid_webhook").ProducesProblemCodes(401, "invalid_signature").ProducesProblemCodes(404, "payment_not_found").ProducesProblemCodes(413, "payload_too_large");
        endpoints.MapGet("/api/payments/success", CallbackAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Payments").WithSummary("Where the gateway sends the payer after paying (?paymentId= or ?orderId=).").Produces<CallbackAnswer>()
            .ProducesProblemCodes(400, "payment_not_found").ProducesProblemCodes(404, "payment_not_found");
        endpoints.MapGet("/api/payments/fail", CallbackAsync).RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Payments").WithSummary("Where the gateway sends the payer after a failed payment.").Produces<CallbackAnswer>()
            .ProducesProblemCodes(400, "payment_not_found").ProducesProblemCodes(404, "payment_not_found");
        endpoints.MapGet("/api/payments/circuit-breaker-status", (GatewayBreaker breaker) =>
            Results.Json(new BreakerStatusResponse(true, breaker.Status()), BookingJson.Default.BreakerStatusResponse))
            .RequireRateLimiting(RatePolicyNames.General)
            .WithTags("Payments").WithSummary("State of the payment gateway's circuit breaker.").Produces<BreakerStatusResponse>();
        return endpoints;
    }

    // Trust comes from the signature alone (HMAC-SHA256 of the raw body); idempotency from the delivery
    // id (replays are ignored) and from the booking transitions themselves (a duplicate with a new
    // delivery id finds the booking already moved and changes nothing).
    private static async Task<IResult> WebhookAsync(HttpContext context, WebhookSignature signature, PaymentSettlement settlement, NpgsqlDataSource db)
    {
        var (body, tooLarge) = await RawBody.ReadAsync(context, MaxWebhookBytes, context.RequestAborted);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!signature.Verify(body!, context.Request.Headers[WebhookSignature.HeaderName]))
        {
            return Problem.Result(context, 401, "invalid_signature", $"{WebhookSignature.HeaderName} does not match the body.");
        }

        var webhook = PaymentWebhook.Parse(body!);
        if (webhook is null)
        {
            return Problem.Result(context, 400, "invalid_webhook", "The body must be {\"paymentId\", \"status\", ...}.");
        }

        var delivery = context.Request.Headers["X-Webhook-Delivery"].ToString();
        if (delivery.Length is > 0 and <= 200 && await SeenAsync(db, delivery, context.RequestAborted))
        {
            return Results.Json(new WebhookAnswer(true, "duplicate"), BookingJson.Default.WebhookAnswer);
        }

        var applied = await settlement.ApplyAsync(webhook.PaymentId, webhook.Data?.OrderId, webhook.Status, context.RequestAborted);
        if (applied == PaymentSettlement.Applied.Unknown)
        {
            return Problem.Result(context, 404, "payment_not_found", $"Rush knows no payment {webhook.PaymentId}.");
        }

        if (delivery.Length is > 0 and <= 200)
        {
            await RecordAsync(db, delivery, webhook, context.RequestAborted);
        }

        return Results.Json(new WebhookAnswer(true, applied.ToString().ToLowerInvariant()), BookingJson.Default.WebhookAnswer);
    }

    // The browser's redirect proves nothing (anyone can type the URL): ask the gateway what happened.
    private static async Task<IResult> CallbackAsync(HttpContext context, string? paymentId, string? orderId, BookingStore bookings,
        MerchantGateway gateway, PaymentSettlement settlement)
    {
        var payment = paymentId is { Length: > 0 } ? await bookings.PaymentAsync(paymentId, context.RequestAborted)
            : orderId is { Length: > 0 } ? await bookings.PaymentByOrderAsync(orderId, context.RequestAborted)
            : null;
        if (payment is null)
        {
            return Problem.Result(context, paymentId is null && orderId is null ? 400 : 404, "payment_not_found", "Unknown paymentId/orderId.");
        }

        var verified = false;
        try
        {
            if (await gateway.CheckAsync(payment, context.RequestAborted) is { } seen)
            {
                await settlement.ApplyAsync(payment with { PaymentId = seen.PaymentId }, seen.PaymentId, seen.Status, context.RequestAborted);
                verified = true;
            }
        }
        catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
        {
            // The webhook or the reconciler will settle it; show what we know now.
        }

        var booking = (await bookings.FindAsync(payment.BookingId, context.RequestAborted))!;
        var now = await bookings.PaymentOfAsync(payment.BookingId, context.RequestAborted);
        return Results.Json(new CallbackAnswer(true, booking.Id, booking.Status, now?.Status ?? payment.Status, verified), BookingJson.Default.CallbackAnswer);
    }

    private static async Task<bool> SeenAsync(NpgsqlDataSource db, string delivery, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select exists (select 1 from webhook_deliveries where delivery_id = $1)");
        cmd.Parameters.AddWithValue(delivery);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task RecordAsync(NpgsqlDataSource db, string delivery, PaymentWebhook webhook, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("insert into webhook_deliveries (delivery_id, payment_id, status) values ($1, $2, $3) on conflict do nothing");
        cmd.Parameters.AddWithValue(delivery);
        cmd.Parameters.AddWithValue(webhook.PaymentId);
        cmd.Parameters.AddWithValue(webhook.Status);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
