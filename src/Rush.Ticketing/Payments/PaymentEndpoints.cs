using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;

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

    // Trust comes from the signature alone (HMAC-SHA256 of the raw body). A signed body stays valid forever,
    // so its own timestamp must be recent (a captured webhook cannot be replayed later), and a body taken in
    // once is recognised by its hash (the delivery header is unsigned and proves nothing). The booking
    // transitions are conditional on the booking's state as well, so a late duplicate changes nothing.
    private static async Task<IResult> WebhookAsync(HttpContext context, WebhookSignature signature, PaymentSettlement settlement,
        WebhookReceipts receipts, IOptions<TicketingOptions> options)
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
            return Problem.Result(context, 400, "invalid_webhook", "The body must be {\"paymentId\", \"status\", \"timestamp\", ...}.");
        }

        // Wall-clock time on purpose: the gateway signs with its real clock, whatever business clock the host runs on.
        var maxAge = options.Value.WebhookMaxAge;
        if (webhook.Timestamp is not { } signedAt || (TimeProvider.System.GetUtcNow() - signedAt).Duration() > maxAge)
        {
            return Problem.Result(context, 401, "stale_signature",
                $"The signed timestamp is missing or more than {maxAge.TotalMinutes:0.#} min away from now: refused as a replay.");
        }

        var intake = await receipts.TakeInAsync(body, webhook, signedAt, context.RequestAborted);
        if (!intake.Fresh)
        {
            return Results.Json(new WebhookAnswer(true, "duplicate"), BookingJson.Default.WebhookAnswer);
        }

        var applied = PaymentSettlement.Applied.Unknown;
        try
        {
            applied = intake.Payment is { } payment
                ? await settlement.ApplyAsync(payment, intake.Booking, webhook.PaymentId, webhook.Status, context.RequestAborted)
                : await settlement.ApplyUnrecordedAsync(webhook.PaymentId, webhook.Data?.OrderId, webhook.Status, context.RequestAborted);
        }
        finally
        {
            if (applied == PaymentSettlement.Applied.Unknown)
            {
                await receipts.ForgetAsync(body);
            }
        }

        return applied == PaymentSettlement.Applied.Unknown
            ? Problem.Result(context, 404, "payment_not_found", $"Rush knows no payment {webhook.PaymentId}.")
            : Results.Json(new WebhookAnswer(true, applied.ToString().ToLowerInvariant()), BookingJson.Default.WebhookAnswer);
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
}
