using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Ticketing.Analytics;

/// <summary>Source-generated JSON for the analytics API (snake_case, like the rest of the ticketing API); hidden revenue is left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventStats))]
public sealed partial class AnalyticsJson : JsonSerializerContext;
