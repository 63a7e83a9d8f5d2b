using System.Text.Json.Serialization;

namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>What became of a webhook.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WebhookFate>))]
public enum WebhookFate
{
    /// <summary>Queued, delayed or being retried.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Held back so that a later one overtakes it (reorder fault).</summary>
    [JsonStringEnumMemberName("held")]
    Held,

    /// <summary>The merchant answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered,

    /// <summary>Every attempt failed.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Never sent (loss fault).</summary>
    [JsonStringEnumMemberName("lost")]
    Lost,
}
