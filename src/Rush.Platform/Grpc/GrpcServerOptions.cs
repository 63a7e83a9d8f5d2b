namespace Rush.Platform.Grpc;

/// <summary>
/// Limits applied to every gRPC method mapped with
/// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcUnary{TRequest, TResponse}"/>.
/// Configure with <see cref="GrpcServiceCollectionExtensions.AddGrpcServer"/>; read once, when the method is mapped.
/// </summary>
public sealed class GrpcServerOptions
{
    /// <summary>The default for both message limits: 4 MiB, as in grpc-go, grpc-java and grpc-dotnet.</summary>
    public const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The largest request message accepted, in bytes (excluding the 5-byte frame header). A larger one is
    /// answered RESOURCE_EXHAUSTED as soon as its frame header is read, without reading the message.
    /// </summary>
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>The largest response message sent, in bytes. A larger one is answered RESOURCE_EXHAUSTED instead.</summary>
    public int MaxSendMessageBytes { get; set; } = DefaultMaxMessageBytes;

    internal void Validate()
    {
        if (MaxReceiveMessageBytes < 0)
        {
            throw new InvalidOperationException($"{nameof(GrpcServerOptions)}.{nameof(MaxReceiveMessageBytes)} must not be negative.");
        }

        if (MaxSendMessageBytes < 0)
        {
            throw new InvalidOperationException($"{nameof(GrpcServerOptions)}.{nameof(MaxSendMessageBytes)} must not be negative.");
        }
    }
}
