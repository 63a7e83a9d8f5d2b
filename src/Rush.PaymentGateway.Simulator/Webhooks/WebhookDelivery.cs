namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>One webhook and its fate. Written by one delivery task at a time; read by the admin endpoint.</summary>
public sealed class WebhookDelivery
{
    private int _attempts;
    private int _sends;

    /// <summary>Unique id, sent as <c>X-Webhook-Delivery</c>; a duplicate carries the same one.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>The payment it reports on.</summary>
    public required string PaymentId { get; init; }

    /// <summary>Sent as <c>X-Webhook-Event</c>, e.g. <c>payment.completed</c>.</summary>
    public required string Event { get; init; }

    /// <summary>The <c>status</c> field of the body.</summary>
    public required string Status { get; init; }

    /// <summary>The merchant's notification URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The exact bytes sent and signed; dropped once the fate is settled, to keep memory flat under load.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Wait before the first attempt (delay fault), zero when none.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Sent a second time after the first delivery (duplicate fault).</summary>
    public bool Duplicate { get; init; }

    /// <summary>Current fate.</summary>
    public WebhookFate Fate { get; set; } = WebhookFate.Pending;

    /// <summary>HTTP attempts made.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Times the merchant accepted it (2 for a delivered duplicate).</summary>
    public int Sends => Volatile.Read(ref _sends);

    /// <summary>Counts one attempt.</summary>
    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Counts one accepted delivery.</summary>
    public void CountSend() => Interlocked.Increment(ref _sends);
}
