using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Platform.Counters;

/// <summary>Source-generated JSON of the counters' REST answers (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ViewCount))]
internal sealed partial class CountersJson : JsonSerializerContext;
