using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rush.Host.ApiReference;

/// <summary>
/// Adds <c>/health/live</c> and <c>/health/ready</c>: health-check endpoints are not route handlers, so
/// the generator does not see them.
/// </summary>
internal sealed class HealthPathsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        document.Paths["/health/live"] = Path("Liveness: the process answers.", ready: false);
        document.Paths["/health/ready"] = Path("Readiness: Postgres, Redis and the broker each, uptime and version (a broker outage is degraded, still 200).", ready: true);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Path(string summary, bool ready)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Healthy or degraded: `{status, version, uptimeSeconds, checks}`." },
        };
        if (ready)
        {
            responses["503"] = new OpenApiResponse { Description = "A dependency is unhealthy; the same body names it." };
        }

        var operation = new OpenApiOperation { Summary = summary, Responses = responses, Tags = new HashSet<OpenApiTagReference> { new("Health") } };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
