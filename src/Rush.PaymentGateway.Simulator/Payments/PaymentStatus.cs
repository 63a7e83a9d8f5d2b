using System.Text.Json.Serialization;

namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>Where a payment is in its lifecycle (spelled on the wire as the gateway spells it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    /// <summary>Registered by init; nobody has paid yet.</summary>
    [JsonStringEnumMemberName("NEW")]
    New,

    /// <summary>The customer opened the payment form.</summary>
    [JsonStringEnumMemberName("FORM_SHOWED")]
    FormShowed,

    /// <summary>The card was charged on hold; the merchant must confirm to take the money.</summary>
    [JsonStringEnumMemberName("AUTHORIZED")]
    Authorized,

    /// <summary>Money taken.</summary>
    [JsonStringEnumMemberName("CONFIRMED")]
    Confirmed,

    /// <summary>Cancelled by the merchant before the money was taken.</summary>
    [JsonStringEnumMemberName("CANCELLED")]
    Cancelled,

    /// <summary>Money given back after confirmation.</summary>
    [JsonStringEnumMemberName("REFUNDED")]
    Refunded,

    /// <summary>The bank could not process the payment (network or authorisation error).</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>The bank refused the card (declined, no funds, fraud, no 3-D Secure).</summary>
    [JsonStringEnumMemberName("REJECTED")]
    Rejected,

    /// <summary>Nobody paid before <c>expiresAt</c>.</summary>
    [JsonStringEnumMemberName("EXPIRED")]
    Expired,
}
