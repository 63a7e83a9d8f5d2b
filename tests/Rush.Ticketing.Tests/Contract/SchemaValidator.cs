using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rush.Ticketing.Tests.Contract;

/// <summary>
/// Checks JSON against the subset of JSON Schema 2020-12 the contract file uses: <c>$ref</c> to <c>#/$defs/…</c>,
/// <c>type</c>, <c>required</c>, <c>properties</c>, <c>items</c>, <c>enum</c>, <c>pattern</c>, <c>minimum</c>.
/// A keyword outside the subset fails loudly, so the schema cannot silently ask for more than is checked.
/// </summary>
internal sealed class SchemaValidator
{
    private static readonly HashSet<string> Known = ["$ref", "type", "required", "properties", "items", "enum", "pattern", "minimum"];
    private readonly JsonElement _defs;

    private SchemaValidator(JsonElement root) => _defs = root.GetProperty("$defs");

    public static SchemaValidator Load(string path) => new(JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone());

    /// <summary>The violations of definition <paramref name="definition"/> by <paramref name="value"/> (empty = valid).</summary>
    public List<string> Check(string definition, JsonElement value)
    {
        var errors = new List<string>();
        Check(_defs.GetProperty(definition), value, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Known.Contains(keyword.Name))
            {
                throw new NotSupportedException($"Schema keyword '{keyword.Name}' at {at} is not supported by this validator.");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(_defs.GetProperty(reference.GetString()!["#/$defs/".Length..]), value, at, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !IsType(value, type.GetString()!))
        {
            errors.Add($"{at}: expected {type.GetString()}, got {value.ValueKind} {value.GetRawText()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => c.GetRawText() == value.GetRawText()))
        {
            errors.Add($"{at}: {value.GetRawText()} is not one of {choices.GetRawText()}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String
            && !Regex.IsMatch(value.GetString()!, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{at}: '{value.GetString()}' does not match {pattern.GetString()}");
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.ValueKind == JsonValueKind.Number && value.GetDecimal() < minimum.GetDecimal())
        {
            errors.Add($"{at}: {value.GetRawText()} is below {minimum.GetRawText()}");
        }

        if (schema.TryGetProperty("required", out var required) && value.ValueKind == JsonValueKind.Object)
        {
            errors.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{at}: '{r}' is missing"));
        }

        if (schema.TryGetProperty("properties", out var properties) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (value.TryGetProperty(property.Name, out var child))
                {
                    Check(property.Value, child, $"{at}.{property.Name}", errors);
                }
            }
        }

        if (schema.TryGetProperty("items", out var items) && value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, string.Create(CultureInfo.InvariantCulture, $"{at}[{i++}]"), errors);
            }
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => throw new NotSupportedException($"Schema type '{type}' is not supported."),
    };
}
