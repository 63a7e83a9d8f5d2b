using Microsoft.Extensions.Logging;

namespace Rush.Platform.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC handler for {Method} threw an unhandled exception; answering INTERNAL.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "gRPC handler for {Method} returned no response message; answering INTERNAL.")]
    public static partial void HandlerReturnedNull(ILogger logger, string method);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "gRPC response for {Method} is {Size} bytes, over the {Limit}-byte send limit; answering RESOURCE_EXHAUSTED.")]
    public static partial void ResponseTooLarge(ILogger logger, string method, int size, int limit);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "gRPC call {Method} refused with {Status}: {Detail}")]
    public static partial void CallRefused(ILogger logger, string method, GrpcStatusCode status, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "gRPC call {Method} ended with {Status}.")]
    public static partial void CallEnded(ILogger logger, string method, GrpcStatusCode status);
}
