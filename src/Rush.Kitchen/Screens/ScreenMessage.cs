using System.Collections.Concurrent;
using System.Text.Json;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Screens;

/// <summary>One message of a hub's feed inside an instance: its sequence number and its JSON as screen-publish.lua wrote it.</summary>
internal sealed class ScreenMessage
{
    private ConcurrentDictionary<string, ReadOnlyMemory<byte>?>? _byStation;

    private ScreenMessage(long seq, string type, ReadOnlyMemory<byte> json)
    {
        Seq = seq;
        Type = type;
        Json = json;
    }

    /// <summary>The hub's sequence number.</summary>
    public long Seq { get; }

    /// <summary>"order", or "resync" (an instance-only control message, never sent to screens).</summary>
    public string Type { get; }

    /// <summary>True for the control message that starts a new epoch (see screen-publish.lua).</summary>
    public bool IsResync => Type == "resync";

    /// <summary>The message as every unfiltered screen receives it (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Reads type and seq (screen-publish.lua writes them first); throws <see cref="JsonException"/> when they are missing.</summary>
    public static ScreenMessage Parse(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span);
        string? type = null;
        long? seq = null;
        reader.Read();
        while ((type is null || seq is null) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                seq = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return type is not null && seq is not null
            ? new ScreenMessage(seq.Value, type, json)
            : throw new JsonException("A screen message needs \"type\" and \"seq\".");
    }

    /// <summary>
    /// The message for a KDS screen: the customer's first name but no phone or address (issue 9), and with
    /// a station, that station's items only; null when the order has none of them (not sent).
    /// </summary>
    /// <remarks>Built once per station (or none) per instance, on the first screen that needs it.</remarks>
    public ReadOnlyMemory<byte>? ForKitchen(string? station)
    {
        _byStation ??= new ConcurrentDictionary<string, ReadOnlyMemory<byte>?>(StringComparer.OrdinalIgnoreCase);
        return _byStation.GetOrAdd(station ?? "", Filter, this);
    }

    private static ReadOnlyMemory<byte>? Filter(string station, ScreenMessage message)
    {
        using var document = JsonDocument.Parse(message.Json);
        var root = document.RootElement;
        if (!root.TryGetProperty("order", out var element))
        {
            return message.Json;
        }

        var order = element.Deserialize(KitchenJson.Api.OrderView)!.Showing(ContactData.FirstName);
        if ((station.Length == 0 ? order : ScreenJson.ForStation(order, station)) is not { } filtered)
        {
            return null;
        }

        var visible = element.GetProperty("visible").GetBoolean();
        return ScreenJson.OrderMessage(message.Seq, root.GetProperty("event").GetString()!, ScreenJson.Order(filtered, visible));
    }
}
