using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Rush.Platform.Grpc;

/// <summary>
/// Maps unary gRPC methods (protobuf over HTTP/2, https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md)
/// onto ASP.NET Core routing, without Grpc.AspNetCore. The host serves them on an HTTP/2 endpoint
/// (h2c prior knowledge) and may restrict them to it with <c>.RequireHost("*:50051")</c>.
/// </summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private const string LoggerCategory = "Rush.Platform.Grpc";

    /// <summary>
    /// Maps <c>POST /{service}/{method}</c> to a unary handler. <paramref name="service"/> is the full service name
    /// (<c>rush.kitchen.v1.OrderService</c>), <paramref name="method"/> the method name (<c>CreateOrder</c>).
    /// The request is parsed with the message type's generated parser. Limits come from
    /// <see cref="GrpcServerOptions"/> as configured when this is called.
    /// </summary>
    /// <returns>The endpoint's convention builder, e.g. for <c>RequireHost</c> or authorization.</returns>
    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints,
        string service,
        string method,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        var parser = new TRequest().Descriptor.Parser as MessageParser<TRequest>
            ?? new MessageParser<TRequest>(static () => new TRequest());
        return endpoints.MapGrpcUnary(service, method, parser, handler);
    }

    /// <summary>
    /// Maps <c>POST /{service}/{method}</c> to a unary handler, parsing requests with <paramref name="parser"/>.
    /// </summary>
    /// <returns>The endpoint's convention builder, e.g. for <c>RequireHost</c> or authorization.</returns>
    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints,
        string service,
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        ValidateName(service, nameof(service), allowDots: true);
        ValidateName(method, nameof(method), allowDots: false);

        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<GrpcServerOptions>>()?.Value ?? new GrpcServerOptions();
        options.Validate();
        var registry = GrpcServiceRegistry.For(services);
        registry.Add(service);

        var path = "/" + service + "/" + method;
        var unary = new GrpcUnaryMethod<TRequest, TResponse>(path, parser, handler, options, registry, CreateLogger(services));
        return endpoints.MapPost(path, unary.HandleAsync)
            .WithDisplayName("gRPC " + path);
    }

    /// <summary>
    /// Answers UNIMPLEMENTED (grpc-status 12) to any other gRPC call, i.e. a POST with content-type
    /// application/grpc to <c>/{service}/{method}</c> that no mapped method matches, instead of HTTP 404.
    /// Requests with other content types are not matched, so the rest of the application routes as before.
    /// </summary>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapGrpcFallback(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = GrpcServiceRegistry.For(endpoints.ServiceProvider);
        var pattern = RoutePatternFactory.Parse(
            "/{service}/{method}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { ["method"] = new GrpcContentTypeRouteConstraint() });

        return endpoints.Map(pattern, context =>
            {
                if (!GrpcProtocol.TryRejectNonGrpcRequest(context))
                {
                    GrpcProtocol.WriteStatus(context.Response, GrpcStatusCode.Unimplemented, registry.DescribeUnimplemented(context.Request.Path.Value));
                }

                return Task.CompletedTask;
            })
            .WithDisplayName("gRPC unimplemented")
            .WithOrder(int.MaxValue);
    }

    private static ILogger CreateLogger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;

    private static void ValidateName(string name, string parameterName, bool allowDots)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowDots && c == '.')))
            {
                throw new ArgumentException($"'{name}' is not a valid gRPC {parameterName} name.", parameterName);
            }
        }
    }

    /// <summary>
    /// Matches only gRPC calls (POST with gRPC's content type), so the fallback leaves other traffic alone.
    /// The method is checked here rather than with HTTP method metadata: metadata would turn every
    /// unmatched two-segment GET (e.g. /screens/kds.js) into 405 instead of letting it fall through.
    /// </summary>
    private sealed class GrpcContentTypeRouteConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            routeDirection == RouteDirection.IncomingRequest
            && httpContext is not null
            && HttpMethods.IsPost(httpContext.Request.Method)
            && GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType);
    }
}
