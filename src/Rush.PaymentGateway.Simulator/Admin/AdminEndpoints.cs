using Rush.PaymentGateway.Simulator.Api;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Payments;
using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator.Admin;

/// <summary>
/// Test and benchmark controls the real gateway does not have: switch faults at run time, read a payment
/// with its webhooks, and pay a payment without going through the HTML form. Every route needs the admin
/// token (<see cref="AdminToken"/>): even on loopback, another local process must not be able to pay bookings.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>/admin/faults</c> and <c>/admin/payments/{paymentId}</c>.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter<AdminToken>();
        admin.MapGet("/faults", (FaultSwitch faults) => GatewayResults.Ok(faults.Current, GatewayJson.Api.FaultOptions));
        admin.MapPut("/faults", ReplaceFaultsAsync);
        admin.MapGet("/payments/{paymentId}", GetPayment);
        admin.MapPost("/payments/{paymentId}/complete", CompleteAsync);
        return endpoints;
    }

    // The whole set is replaced: a property left out goes back to its default (0 = fault off).
    private static async Task<IResult> ReplaceFaultsAsync(HttpContext context, FaultSwitch faults)
    {
        var (next, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.FaultOptions);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var errors = faults.TryReplace(next!);
        return errors.Count > 0
            ? GatewayResults.Error(GatewayError.BadArgument(string.Join(" ", errors)))
            : GatewayResults.Ok(faults.Current, GatewayJson.Api.FaultOptions);
    }

    private static IResult GetPayment(string paymentId, PaymentStore store, PaymentProcessor processor, WebhookDispatcher webhooks)
    {
        var payment = store.Find(paymentId);
        if (payment is null)
        {
            return GatewayResults.Error(GatewayError.NotFound(paymentId));
        }

        processor.ExpireIfDue(payment);
        return View(payment.Snapshot(), webhooks);
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, string paymentId, PaymentStore store, PaymentProcessor processor, WebhookDispatcher webhooks)
    {
        var (request, bodyError) = await GatewayResults.ReadAsync(context, GatewayJson.Api.CompleteRequest);
        if (bodyError is not null)
        {
            return GatewayResults.Error(bodyError);
        }

        var payment = store.Find(paymentId);
        if (payment is null)
        {
            return GatewayResults.Error(GatewayError.NotFound(paymentId));
        }

        PaymentResult result;
        if (string.Equals(request!.Outcome, "expired", StringComparison.OrdinalIgnoreCase))
        {
            result = processor.Expire(payment);
        }
        else if (PaymentOutcomes.TryParse(request.Outcome, out var outcome))
        {
            result = processor.Pay(payment, outcome);
        }
        else
        {
            return GatewayResults.Error(GatewayError.BadArgument(
                "outcome must be success, declined, insufficient_funds, network_error, authorization_error, fraud, no_3ds or expired."));
        }

        return result.Error is not null
            ? GatewayResults.Error(result.Error with { Status = 409 })
            : View(result.Payment, webhooks);
    }

    private static IResult View(PaymentSnapshot payment, WebhookDispatcher webhooks) =>
        GatewayResults.Ok(
            new AdminPaymentView(CheckedPayment.From(payment), [.. webhooks.History(payment.PaymentId).Select(WebhookView.From)]),
            GatewayJson.Api.AdminPaymentView);
}
