using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>The <c>status</c> and <c>X-Webhook-Event</c> a webhook carries for a payment status.</summary>
public static class WebhookStatus
{
    /// <summary>
    /// Final outcomes are reported as <c>completed</c> (CONFIRMED) and <c>failed</c> (FAILED, REJECTED, EXPIRED;
    /// the real status and reason are in <c>data</c>), or CONFIRMED/FAILED with the upper-case spelling;
    /// other changes carry their gateway status.
    /// </summary>
    public static (string Status, string Event) Of(PaymentStatus status, FinalStatusSpelling spelling)
    {
        var upper = spelling == FinalStatusSpelling.Uppercase;
        return status switch
        {
            PaymentStatus.Confirmed => (upper ? "CONFIRMED" : "completed", "payment.completed"),
            PaymentStatus.Failed or PaymentStatus.Rejected or PaymentStatus.Expired => (upper ? "FAILED" : "failed", "payment.failed"),
            _ => (PaymentStatusNames.Of(status), "payment." + PaymentStatusNames.Of(status).ToLowerInvariant()),
        };
    }
}
