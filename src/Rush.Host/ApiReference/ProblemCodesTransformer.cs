using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Rush.Platform.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Host.ApiReference;

/// <summary>
/// Writes the problem codes an endpoint declared (<see cref="ProblemCodesExtensions.ProducesProblemCodes"/>)
/// into its responses: in the description, for people, and as <c>x-problem-codes</c>, for tools.
/// </summary>
internal sealed class ProblemCodesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var declaredCodes = metadata.OfType<ProblemCodesMetadata>().ToList();
        if (metadata.OfType<EnableRateLimitingAttribute>().Any() && !declaredCodes.Any(d => d.StatusCode == 429))
        {
            // Every rate-limited route can be refused by its policy; one declaration here instead of one per route.
            declaredCodes.Add(new ProblemCodesMetadata(429, [RateLimitRejection.Code]));
        }
        else if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            var index = declaredCodes.FindIndex(d => d.StatusCode == 429);
            declaredCodes[index] = declaredCodes[index] with { Codes = [.. declaredCodes[index].Codes, RateLimitRejection.Code] };
        }

        foreach (var declared in declaredCodes)
        {
            var status = declared.StatusCode.ToString(CultureInfo.InvariantCulture);
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue(status, out var found) || found is not OpenApiResponse response)
            {
                response = new OpenApiResponse();
                operation.Responses[status] = response;
            }

            // One description per status, whatever the generator put there ("Bad Request"): the codes are what a client needs.
            response.Description = "Problem details (RFC 7807); `code` is one of: " + string.Join(", ", declared.Codes.Select(c => $"`{c}`"));
            response.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            response.Extensions["x-problem-codes"] = new JsonNodeExtension(new JsonArray([.. declared.Codes.Select(c => (JsonNode)JsonValue.Create(c))]));
        }

        return Task.CompletedTask;
    }
}
