using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Bench.Reporting;

/// <summary>Writes the report as JSON (camelCase, indented).</summary>
internal static class JsonReport
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>, creating the directory.</summary>
    public static async Task WriteAsync(BenchReport report, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, report, BenchJsonContext.Default.BenchReport, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Source-generated serializer for the report.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
