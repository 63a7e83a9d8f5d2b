using Scalar.AspNetCore;

namespace Rush.Host.ApiReference;

/// <summary>
/// The REST API described by Microsoft.AspNetCore.OpenApi at <c>/openapi/v1.json</c>, and Scalar's
/// interactive reference over it at <c>/docs</c>.
/// </summary>
public static class ApiReferenceEndpoints
{
    /// <summary>The document's name: its URL is <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>Registers the document generator and Rush's transformers.</summary>
    public static IServiceCollection AddRushOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Rush API";
                document.Info.Description = "Kitchen intake and screens, ticketing, and the platform's sessions, counters and leaderboards. "
                    + "Every refusal is an RFC 7807 problem with a machine-readable `code`; each response lists the codes it can carry. "
                    + "gRPC (rush.kitchen.v1.OrderService) is on its own port and described by server reflection.";
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<HealthPathsTransformer>();
            o.AddOperationTransformer<ProblemCodesTransformer>();
            o.AddSchemaTransformer<SnakeCaseSchemaTransformer>();
        });

    /// <summary>Maps <c>/openapi/v1.json</c> and <c>/docs</c>.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();

        // The machines Rush runs on may have no internet: Scalar's script is served from the package itself
        // (its default), and the fonts it would fetch from a CDN are switched off in favour of system fonts.
        endpoints.MapScalarApiReference("/docs", o => o
            .WithTitle("Rush API")
            .DisableDefaultFonts());
        return endpoints;
    }
}
