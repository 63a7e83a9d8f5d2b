using Microsoft.AspNetCore.Http;

namespace Rush.Platform.Grpc;

/// <summary>What a unary gRPC handler knows about its call besides the request message.</summary>
public sealed class GrpcCallContext
{
    internal GrpcCallContext(HttpContext httpContext, string method, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The HTTP/2 request carrying the call.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The full method path, e.g. <c>/rush.kitchen.v1.OrderService/CreateOrder</c>.</summary>
    public string Method { get; }

    /// <summary>When the client gives up on the call (from <c>grpc-timeout</c>), or null when it set no deadline.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>
    /// Cancelled when the deadline passes or the client goes away. A handler that ends with an
    /// <see cref="OperationCanceledException"/> after the deadline fired is answered DEADLINE_EXCEEDED.
    /// </summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The request headers, i.e. the call's metadata (including the reserved <c>grpc-*</c> and HTTP/2 ones).</summary>
    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;
}
