using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Rush.Platform.Grpc;

/// <summary>
/// The services and methods mapped in one application, so that UNIMPLEMENTED answers can tell an unknown
/// service from an unknown method (the wording follows grpc-go). Keyed on the application's service provider,
/// which every route builder and route group of the application shares.
/// </summary>
internal sealed class GrpcServiceRegistry
{
    private static readonly ConditionalWeakTable<object, GrpcServiceRegistry> Registries = new();

    private readonly ConcurrentDictionary<string, byte> _services = new(StringComparer.Ordinal);

    public static GrpcServiceRegistry For(IServiceProvider applicationServices) => Registries.GetValue(applicationServices, static _ => new GrpcServiceRegistry());

    public void Add(string service) => _services.TryAdd(service, 0);

    public string DescribeUnimplemented(string? path)
    {
        if (!GrpcProtocol.TrySplitPath(path, out var service, out var method))
        {
            return $"malformed method name: \"{path}\"";
        }

        return _services.ContainsKey(service)
            ? $"unknown method {method} for service {service}"
            : $"unknown service {service}";
    }
}
