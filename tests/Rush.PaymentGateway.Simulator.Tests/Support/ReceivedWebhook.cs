using System.Text;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests.Support;

/// <summary>One webhook request as the merchant received it: raw body and headers.</summary>
public sealed record ReceivedWebhook(byte[] Body, string? Signature, string? Event, string? DeliveryId)
{
    /// <summary>The parsed body.</summary>
    public PaymentWebhook Parsed => PaymentWebhook.Parse(Body) ?? throw new InvalidOperationException($"Not a webhook: {Encoding.UTF8.GetString(Body)}");
}
