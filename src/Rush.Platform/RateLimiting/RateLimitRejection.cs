using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Rush.Platform.Http;

namespace Rush.Platform.RateLimiting;

/// <summary>Writes the answer to a refused request: 429 problem details, or RESOURCE_EXHAUSTED for gRPC.</summary>
public static class RateLimitRejection
{
    /// <summary>Stable problem code of a refusal.</summary>
    public const string Code = "rate_limited";

    /// <summary>The middleware's <c>OnRejected</c>.</summary>
    public static ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? RateLimitHeaders.Seconds(retryAfter) : 1;
        rejected.Lease.TryGetMetadata(RateLimitDecisionLease.PolicyMetadata, out var policy);
        if (policy is not null && rejected.Lease.TryGetMetadata(RateLimitDecisionLease.DecisionMetadata, out var decision))
        {
            RateLimitHeaders.Apply(context.Response, policy, decision);
        }

        var detail = $"Too many requests; retry after {seconds} s.";
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The limiter answers before Grpc.AspNetCore sees the call, so the answer is gRPC's "trailers-only"
            // form: HTTP 200 and the status in the headers; clients read grpc-status, not the HTTP status.
            // 8 is RESOURCE_EXHAUSTED; the message is ASCII, so it needs no percent-encoding.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "8";
            context.Response.Headers["grpc-message"] = detail;
            return ValueTask.CompletedTask;
        }

        var extra = new Dictionary<string, object?> { ["policy"] = policy?.Name, ["retryAfter"] = seconds };
        return new ValueTask(Problem.Result(context, StatusCodes.Status429TooManyRequests, Code, detail, extra).ExecuteAsync(context));
    }
}
