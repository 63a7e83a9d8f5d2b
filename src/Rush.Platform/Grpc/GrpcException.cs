namespace Rush.Platform.Grpc;

/// <summary>
/// Thrown by a gRPC handler to answer the call with a non-OK status. The message is sent to the client
/// in the <c>grpc-message</c> trailer, so it must not contain secrets or internal details.
/// </summary>
public sealed class GrpcException : Exception
{
    /// <summary>Creates an exception answering <see cref="GrpcStatusCode.Unknown"/>.</summary>
    public GrpcException()
        : this(GrpcStatusCode.Unknown, string.Empty)
    {
    }

    /// <summary>Creates an exception answering <see cref="GrpcStatusCode.Unknown"/> with the given message.</summary>
    public GrpcException(string message)
        : this(GrpcStatusCode.Unknown, message)
    {
    }

    /// <summary>Creates an exception answering <see cref="GrpcStatusCode.Unknown"/> with the given message and cause.</summary>
    public GrpcException(string message, Exception innerException)
        : this(GrpcStatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>Creates an exception answering <paramref name="status"/> with <paramref name="message"/>.</summary>
    public GrpcException(GrpcStatusCode status, string message)
        : base(message)
    {
        ValidateStatus(status);
        Status = status;
    }

    /// <summary>Creates an exception answering <paramref name="status"/> with <paramref name="message"/> and a cause (not sent).</summary>
    public GrpcException(GrpcStatusCode status, string message, Exception? innerException)
        : base(message, innerException)
    {
        ValidateStatus(status);
        Status = status;
    }

    /// <summary>The status the call answers with.</summary>
    public GrpcStatusCode Status { get; }

    private static void ValidateStatus(GrpcStatusCode status)
    {
        if (status == GrpcStatusCode.OK || !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A GrpcException needs a defined, non-OK status code.");
        }
    }
}
