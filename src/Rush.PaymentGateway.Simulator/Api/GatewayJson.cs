using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rush.PaymentGateway.Simulator.Admin;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Source-generated JSON of everything the simulator reads and writes (camelCase like the gateway).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitRequest))]
[JsonSerializable(typeof(InitResponse))]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResponse))]
[JsonSerializable(typeof(ConfirmRequest))]
[JsonSerializable(typeof(ConfirmResponse))]
[JsonSerializable(typeof(CancelRequest))]
[JsonSerializable(typeof(CancelResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(FaultOptions))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(AdminPaymentView))]
public sealed partial class GatewayJson : JsonSerializerContext
{
    /// <summary>The context to use: like <see cref="Default"/> but writes quotes and Cyrillic as is, not as \u escapes (bodies are JSON, never HTML).</summary>
    public static GatewayJson Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
