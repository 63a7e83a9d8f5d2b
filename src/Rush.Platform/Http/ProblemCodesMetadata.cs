using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Rush.Platform.Http;

/// <summary>
/// The problem <c>code</c> values an endpoint can answer with one HTTP status. The API reference
/// (/openapi/v1.json) lists them under that response, so a client sees every refusal it must handle.
/// </summary>
public sealed record ProblemCodesMetadata(int StatusCode, IReadOnlyList<string> Codes);

/// <summary>Declares an endpoint's problem answers: status, problem-details schema and codes, in one call.</summary>
public static class ProblemCodesExtensions
{
    /// <summary>The endpoint may answer <paramref name="statusCode"/> with a problem whose code is one of <paramref name="codes"/>.</summary>
    public static TBuilder ProducesProblemCodes<TBuilder>(this TBuilder builder, int statusCode, params string[] codes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new ProblemCodesMetadata(statusCode, codes));
        return builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
