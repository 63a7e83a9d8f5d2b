using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Ticketing.Gateway;

/// <summary>Source-generated JSON of the gateway's API and webhooks.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayWire.Init))]
[JsonSerializable(typeof(GatewayWire.Check))]
[JsonSerializable(typeof(GatewayWire.Confirm))]
[JsonSerializable(typeof(GatewayWire.Cancel))]
[JsonSerializable(typeof(GatewayWire.Envelope))]
[JsonSerializable(typeof(PaymentInitResult))]
[JsonSerializable(typeof(PaymentCheckResult))]
[JsonSerializable(typeof(PaymentConfirmResult))]
[JsonSerializable(typeof(PaymentCancelResult))]
[JsonSerializable(typeof(PaymentWebhook))]
internal sealed partial class PaymentGatewayJson : JsonSerializerContext;
