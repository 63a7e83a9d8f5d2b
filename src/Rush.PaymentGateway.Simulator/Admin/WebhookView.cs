using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator.Admin;

/// <summary>One webhook of a payment and what became of it, for tests.</summary>
public sealed record WebhookView(string DeliveryId, string Event, string Status, WebhookFate Fate, int Attempts, int Sends, double DelaySeconds, bool Duplicate)
{
    /// <summary>The view of a delivery.</summary>
    public static WebhookView From(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.DeliveryId, d.Event, d.Status, d.Fate, d.Attempts, d.Sends, d.Delay.TotalSeconds, d.Duplicate);
    }
}
