using System.Buffers;
using System.Text.Json;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Screens;

/// <summary>Writes the screen protocol's JSON (SCREENS.md) for what C# builds: snapshots and station-filtered messages.</summary>
/// <remarks>
/// Redis keeps each order as OrderView JSON; the protocol's <c>visible</c> is added when a message is
/// written (here, and in the Lua scripts the same way) because promotion changes it without a new version.
/// </remarks>
internal static class ScreenJson
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = KitchenJson.Api.Options.Encoder };

    /// <summary>The screen Order: the view's JSON with <c>"visible"</c> as its last property.</summary>
    public static byte[] Order(OrderView order, bool visible)
    {
        var view = JsonSerializer.SerializeToUtf8Bytes(order, KitchenJson.Api.OrderView);
        ReadOnlySpan<byte> tail = visible ? ",\"visible\":true}"u8 : ",\"visible\":false}"u8;
        var json = new byte[view.Length - 1 + tail.Length];
        view.AsSpan(0, view.Length - 1).CopyTo(json);
        tail.CopyTo(json.AsSpan(view.Length - 1));
        return json;
    }

    /// <summary>The order as a station's screen shows it: only that station's items; null when it has none.</summary>
    public static OrderView? ForStation(OrderView order, string station)
    {
        var items = order.Items.Where(i => string.Equals(i.Station, station, StringComparison.OrdinalIgnoreCase)).ToList();
        return items.Count == 0 ? null : order with { Items = items };
    }

    /// <summary><c>{"type":"snapshot","seq":N,"orders":[...]}</c> from screen Orders already written, plus <c>"truncated":true</c> when orders were left out.</summary>
    public static byte[] Snapshot(long seq, IEnumerable<byte[]> orders, bool truncated)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString("type", "snapshot");
            json.WriteNumber("seq", seq);
            json.WriteStartArray("orders");
            foreach (var order in orders)
            {
                json.WriteRawValue(order, skipInputValidation: true);
            }

            json.WriteEndArray();
            if (truncated)
            {
                json.WriteBoolean("truncated", true);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"type":"order","seq":N,"event":E,"order":O}</c>, the shape screen-publish.lua writes.</summary>
    public static byte[] OrderMessage(long seq, string eventName, byte[] order)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString("type", "order");
            json.WriteNumber("seq", seq);
            json.WriteString("event", eventName);
            json.WritePropertyName("order");
            json.WriteRawValue(order, skipInputValidation: true);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
