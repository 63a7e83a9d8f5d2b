using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Ticketing.Events;

/// <summary>Source-generated JSON for the events API: snake_case like seed 002's bodies (<c>event_id</c>, <c>booking_id</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(IReadOnlyList<EventView>))]
public sealed partial class EventsJson : JsonSerializerContext
{
    /// <summary>The context the API uses: writes Cyrillic titles as is, not as \\u escapes (bodies are application/json, never HTML).</summary>
    public static EventsJson Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
