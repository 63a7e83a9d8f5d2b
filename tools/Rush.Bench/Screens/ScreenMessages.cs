using System.Collections.Concurrent;
using System.Text.Json;

namespace Rush.Bench.Screens;

/// <summary>Kinds of screen message the bench tells apart.</summary>
internal enum ScreenMessageType
{
    /// <summary>Anything else (the protocol has "ping", never sent).</summary>
    Other = 0,

    /// <summary><c>{"type":"snapshot","seq":N,"orders":[...]}</c>.</summary>
    Snapshot = 1,

    /// <summary><c>{"type":"order","seq":N,"event":"placed|visible|updated","order":{"id":...}}</c>.</summary>
    Order = 2,
}

/// <summary>What the bench reads from one screen message.</summary>
/// <param name="Type">Message type.</param>
/// <param name="Seq">The hub's sequence number.</param>
/// <param name="OrderId">Order messages: <c>order.id</c>.</param>
/// <param name="Placed">Order messages: the event is "placed".</param>
internal readonly record struct ScreenMessage(ScreenMessageType Type, long Seq, Guid OrderId, bool Placed);

/// <summary>
/// Reads screen messages (SCREENS.md) with <see cref="Utf8JsonReader"/>, stopping as soon as what is needed is known:
/// the server writes "type" and "seq" first, "order" last, and the order's "id" first.
/// </summary>
internal static class ScreenMessages
{
    /// <summary>Reads "type" and "seq" from the start of a message that may not have fully arrived yet.</summary>
    public static bool TryReadHead(ReadOnlySpan<byte> partial, out string? type, out long seq)
    {
        type = null;
        seq = 0;
        var haveSeq = false;
        var reader = new Utf8JsonReader(partial, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while ((type is null || !haveSeq) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isSeq = !isType && reader.ValueTextEquals("seq"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isType)
                {
                    type = reader.GetString();
                }
                else if (isSeq)
                {
                    seq = reader.GetInt64();
                    haveSeq = true;
                }
                else if (!reader.TrySkip())
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return type is not null && haveSeq;
    }

    /// <summary>
    /// Reads a whole message. For a snapshot, when <paramref name="seen"/> is given, every order in it is noted as
    /// seen at <paramref name="arrival"/> (a screen that had to start over shows those orders from then on).
    /// Throws <see cref="JsonException"/> for a message without type and seq, or an order message without an id.
    /// </summary>
    public static ScreenMessage Parse(ReadOnlySpan<byte> json, ConcurrentDictionary<Guid, Sighting>? seen, long arrival)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A screen message is a JSON object.");
        }

        var type = ScreenMessageType.Other;
        string? typeName = null;
        long? seq = null;
        var placed = false;
        Guid? orderId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                typeName = reader.GetString();
                type = typeName switch
                {
                    "order" => ScreenMessageType.Order,
                    "snapshot" => ScreenMessageType.Snapshot,
                    _ => ScreenMessageType.Other,
                };
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                seq = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                placed = reader.ValueTextEquals("placed"u8);
            }
            else if (reader.ValueTextEquals("order"u8))
            {
                reader.Read();
                orderId = ReadId(ref reader);
                break;
            }
            else if (reader.ValueTextEquals("orders"u8) && type == ScreenMessageType.Snapshot && seen is not null)
            {
                reader.Read();
                NoteAll(ref reader, seen, arrival);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (typeName is null || seq is null)
        {
            throw new JsonException("A screen message needs \"type\" and \"seq\".");
        }

        if (type == ScreenMessageType.Order && orderId is null)
        {
            throw new JsonException("An order message needs \"order\" with an \"id\".");
        }

        return new ScreenMessage(type, seq.Value, orderId ?? Guid.Empty, placed);
    }

    /// <summary>At an order object's start: reads its "id" and skips to the object's end.</summary>
    private static Guid? ReadId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        Guid? id = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && id is null && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var value))
            {
                id = value;
            }
            else
            {
                reader.Skip();
            }
        }

        return id;
    }

    private static void NoteAll(ref Utf8JsonReader reader, ConcurrentDictionary<Guid, Sighting> seen, long arrival)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadId(ref reader) is { } id)
            {
                seen.TryAdd(id, new Sighting(arrival, 0));
            }
        }
    }
}
