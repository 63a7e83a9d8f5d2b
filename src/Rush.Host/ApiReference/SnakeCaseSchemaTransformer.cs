using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rush.Host.ApiReference;

/// <summary>
/// Ticketing speaks snake_case JSON (seed 002: <c>event_id</c>, <c>booking_id</c>), through its own
/// serializer contexts; the generator knows only the web defaults (camelCase), so its property names
/// are renamed here for the types of that module.
/// </summary>
internal sealed class SnakeCaseSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Properties is not { Count: > 0 } properties || type.Namespace?.StartsWith("Rush.Ticketing", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var renamed = properties.ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Key), p => p.Value, StringComparer.Ordinal);
        properties.Clear();
        foreach (var (name, value) in renamed)
        {
            properties[name] = value;
        }

        if (schema.Required is { Count: > 0 } required)
        {
            var names = required.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
            required.Clear();
            foreach (var name in names)
            {
                required.Add(name);
            }
        }

        return Task.CompletedTask;
    }
}
