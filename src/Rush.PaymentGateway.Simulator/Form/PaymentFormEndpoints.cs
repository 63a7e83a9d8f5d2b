using Microsoft.AspNetCore.WebUtilities;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Form;

/// <summary>
/// The customer's side: <c>GET /api/v1/paymentform/render/{paymentId}</c> shows the card form,
/// <c>POST /api/v1/paymentform/submit</c> (an HTML form post) pays and redirects to successURL or failURL.
/// </summary>
public static class PaymentFormEndpoints
{
    /// <summary>Maps the two form routes.</summary>
    public static IEndpointRouteBuilder MapPaymentForm(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/paymentform/render/{paymentId}", Render);
        endpoints.MapPost("/api/v1/paymentform/submit", SubmitAsync);
        return endpoints;
    }

    private static IResult Render(string paymentId, PaymentStore store, PaymentProcessor processor)
    {
        var payment = store.Find(paymentId);
        if (payment is null)
        {
            return Html(404, PaymentFormPage.Message("Payment not found", $"There is no payment {paymentId}."));
        }

        var shown = processor.ShowForm(payment);
        return PaymentLifecycle.IsPayable(shown.Status)
            ? Html(200, PaymentFormPage.Form(shown, payment.Description))
            : NotPayable(shown);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, PaymentStore store, PaymentProcessor processor, FaultSwitch faults)
    {
        if (!context.Request.HasFormContentType)
        {
            return Html(400, PaymentFormPage.Message("Bad request", "Submit the payment form."));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var paymentId = form["paymentId"].ToString();
        var payment = store.Find(paymentId);
        if (payment is null)
        {
            return Html(404, PaymentFormPage.Message("Payment not found", $"There is no payment {paymentId}."));
        }

        var shown = processor.ShowForm(payment);
        if (!PaymentLifecycle.IsPayable(shown.Status))
        {
            return NotPayable(shown);
        }

        if (TestCards.Outcome(form["cardNumber"]) is not { } outcome)
        {
            return Html(400, PaymentFormPage.Form(shown, payment.Description, "Unknown card: use one of the test cards below."));
        }

        // The form breaks after the card data was sent: nothing is charged, the customer may try again.
        if (faults.Roll(f => f.FormFailureProbability))
        {
            return Html(500, PaymentFormPage.Message("Payment form error", "Something went wrong while processing your card. Nothing was charged; please try again."));
        }

        if (outcome == PaymentOutcome.Success && faults.Roll(f => f.AcquiringFailureProbability))
        {
            outcome = PaymentOutcomes.AcquiringFailures[Random.Shared.Next(PaymentOutcomes.AcquiringFailures.Count)];
        }

        var (paid, error) = processor.Pay(payment, outcome);
        if (error is not null)
        {
            return NotPayable(paid);
        }

        var authorised = paid.Status == PaymentStatus.Authorized;
        var target = authorised ? payment.SuccessUrl : payment.FailUrl;
        if (target is null)
        {
            return Html(200, authorised
                ? PaymentFormPage.Message("Payment accepted", "You may close this page.")
                : PaymentFormPage.Message("Payment failed", $"The payment failed: {paid.FailureReason}."));
        }

        return Results.Redirect(QueryHelpers.AddQueryString(target, new Dictionary<string, string?>
        {
            ["paymentId"] = paid.PaymentId,
            ["orderId"] = paid.OrderId,
        }));
    }

    private static IResult NotPayable(PaymentSnapshot payment) =>
        Html(409, PaymentFormPage.Message("Payment closed", $"This payment is {PaymentStatusNames.Of(payment.Status)} and cannot be paid."));

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
