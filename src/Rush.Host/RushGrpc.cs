using Rush.Kitchen;
using Rush.Kitchen.Orders;
using Rush.Platform.Health;

namespace Rush.Host;

/// <summary>
/// gRPC on its own h2c port: the kitchen's OrderService, the standard grpc.health.v1.Health service and
/// server reflection (so <c>grpcurl -plaintext 127.0.0.1:50051 list</c> works), all on Grpc.AspNetCore.
/// </summary>
public static class RushGrpc
{
    /// <summary>Registers the gRPC server, its health service and reflection.</summary>
    public static IServiceCollection AddRushGrpc(this IServiceCollection services)
    {
        services.AddGrpc(o =>
        {
            // The limits the hand-written server had, and grpc-go/grpc-java keep: 4 MiB each way.
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
            o.MaxSendMessageSize = 4 * 1024 * 1024;
        });

        // Health/Check answers what /health/ready answers with its status code (SERVING = 200, NOT_SERVING = 503):
        // it runs the checks on every call (no cached publisher results), for the whole server ("") and the kitchen.
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", CountsForServing);
            o.Services.Map(OrderGrpcService.ServiceName, CountsForServing);
        });
        services.AddGrpcReflection();
        return services;
    }

    // gRPC health has no "degraded": SERVING/NOT_SERVING is /health/ready's 200/503, which only the
    // checks without a fallback can turn to 503 (HealthEndpoints.Overall), so only they are asked here.
    private static bool CountsForServing(Grpc.AspNetCore.HealthChecks.HealthCheckMapContext check) =>
        check.Tags.Contains(HealthEndpoints.ReadyTag) && !check.Tags.Contains(HealthEndpoints.HasFallbackTag);

    /// <summary>Maps the services on <paramref name="grpcPort"/> only; the REST port never answers gRPC.</summary>
    public static void MapRushGrpc(this IEndpointRouteBuilder endpoints, int grpcPort)
    {
        var host = $"*:{grpcPort}";
        endpoints.MapKitchenGrpc().RequireHost(host);
        endpoints.MapGrpcHealthChecksService().RequireHost(host);
        endpoints.MapGrpcReflectionService().RequireHost(host);
    }
}
