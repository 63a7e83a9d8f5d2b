using Microsoft.Extensions.DependencyInjection;

namespace Rush.Platform.Grpc;

/// <summary>Registers the options of the unary gRPC endpoints.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Configures <see cref="GrpcServerOptions"/>. Optional: without it the defaults (4 MiB limits) apply.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(
            static o => o.MaxReceiveMessageBytes >= 0 && o.MaxSendMessageBytes >= 0,
            "GrpcServerOptions message limits must not be negative.");
        return services;
    }
}
