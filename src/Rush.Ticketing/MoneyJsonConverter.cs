using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Ticketing;

/// <summary>Money as a decimal string with two places (<c>"40000.00"</c>, Billetter v1.1): a JSON number would invite binary floating point in clients.</summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    /// <inheritdoc />
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
            : reader.GetDecimal();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("0.00", CultureInfo.InvariantCulture));
    }
}
