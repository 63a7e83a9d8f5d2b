using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Rush.Platform.Grpc;

/// <summary>
/// Serves one unary method: reads exactly one length-prefixed request message from the HTTP/2 request body,
/// runs the handler, and writes one length-prefixed response message followed by the grpc-status trailer.
/// </summary>
/// <remarks>
/// Status choices, following grpc-go and grpc-java where the protocol document leaves them open:
/// <list type="bullet">
/// <item>A truncated frame, no message, more than one message, or bytes that do not parse as the request type
/// answer INTERNAL: they are a broken peer or transport, not a bad argument of the call (grpc-go answers
/// "grpc: error unmarshalling request" with INTERNAL, grpc-java likewise).</item>
/// <item>A malformed <c>grpc-timeout</c> answers INTERNAL, as grpc-go's transport does ("malformed grpc-timeout"):
/// it is a protocol violation, and INVALID_ARGUMENT is reserved for arguments the handler judges.</item>
/// <item>The compressed flag with an encoding other than identity answers UNIMPLEMENTED (with
/// <c>grpc-accept-encoding: identity</c>, as the compression spec asks); the flag without any encoding, or with
/// identity, is a protocol violation and answers INTERNAL.</item>
/// <item>A handler that completes after the deadline still has its response sent: the work was done and the
/// client, which times out on its own, decides what to make of it. A handler that gives up with an
/// <see cref="OperationCanceledException"/> once the deadline fired answers DEADLINE_EXCEEDED.</item>
/// </list>
/// </remarks>
internal sealed class GrpcUnaryMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private const string HandlerFailedMessage = "Exception was thrown by handler.";

    private readonly string _path;
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TRequest, GrpcCallContext, Task<TResponse>> _handler;
    private readonly int _maxReceiveMessageBytes;
    private readonly int _maxSendMessageBytes;
    private readonly GrpcServiceRegistry _registry;
    private readonly ILogger _logger;

    public GrpcUnaryMethod(
        string path,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler,
        GrpcServerOptions options,
        GrpcServiceRegistry registry,
        ILogger logger)
    {
        _path = path;
        _parser = parser;
        _handler = handler;
        _maxReceiveMessageBytes = options.MaxReceiveMessageBytes;
        _maxSendMessageBytes = options.MaxSendMessageBytes;
        _registry = registry;
        _logger = logger;
    }

    public Task HandleAsync(HttpContext httpContext)
    {
        if (GrpcProtocol.TryRejectNonGrpcRequest(httpContext))
        {
            return Task.CompletedTask;
        }

        // Routing matches paths case-insensitively; gRPC method names are case-sensitive.
        if (!string.Equals(httpContext.Request.Path.Value, _path, StringComparison.Ordinal))
        {
            return Refuse(httpContext, GrpcStatusCode.Unimplemented, _registry.DescribeUnimplemented(httpContext.Request.Path.Value));
        }

        var headers = httpContext.Request.Headers;
        TimeSpan? timeout = null;
        var timeoutHeader = headers[GrpcProtocol.TimeoutHeader];
        if (timeoutHeader.Count > 0)
        {
            if (timeoutHeader.Count > 1 || !GrpcProtocol.TryParseTimeout(timeoutHeader[0], out var parsed))
            {
                return Refuse(httpContext, GrpcStatusCode.Internal, $"malformed grpc-timeout: \"{timeoutHeader}\"");
            }

            if (parsed <= TimeSpan.Zero)
            {
                return Refuse(httpContext, GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded");
            }

            timeout = parsed;
        }

        // The frame length check below bounds what is read; Kestrel's own body limit (30 MB by default)
        // must not cut a call that the gRPC limit allows.
        var bodySize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = null;
        }

        return HandleCallAsync(httpContext, timeout);
    }

    private async Task HandleCallAsync(HttpContext httpContext, TimeSpan? timeout)
    {
        var aborted = httpContext.RequestAborted;
        var callToken = aborted;
        DateTimeOffset? deadline = null;
        CancellationTokenSource? deadlineSource = null;
        if (timeout is { } t)
        {
            var now = DateTimeOffset.UtcNow;
            deadline = t < DateTimeOffset.MaxValue - now ? now + t : DateTimeOffset.MaxValue;
            if (t <= GrpcProtocol.MaxTimerDelay)
            {
                deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                deadlineSource.CancelAfter(t);
                callToken = deadlineSource.Token;
            }
        }

        try
        {
            TRequest request;
            try
            {
                request = await ReadRequestAsync(httpContext, callToken).ConfigureAwait(false);
            }
            catch (GrpcException ex)
            {
                if (ex.Status == GrpcStatusCode.Unimplemented)
                {
                    httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
                }

                GrpcLog.CallRefused(_logger, _path, ex.Status, ex.Message);
                GrpcProtocol.WriteStatus(httpContext.Response, ex.Status, ex.Message);
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
            {
                // Deadline while the request was still arriving, client gone, or Kestrel refused the stream.
                EndInterrupted(httpContext, "grpc: failed to read the request message", aborted, callToken);
                return;
            }

            var context = new GrpcCallContext(httpContext, _path, deadline, callToken);
            TResponse? response;
            try
            {
                response = await _handler(request, context).ConfigureAwait(false);
            }
            catch (GrpcException ex)
            {
                GrpcLog.CallEnded(_logger, _path, ex.Status);
                GrpcProtocol.WriteStatus(httpContext.Response, ex.Status, ex.Message);
                return;
            }
            catch (OperationCanceledException) when (callToken.IsCancellationRequested)
            {
                EndInterrupted(httpContext, HandlerFailedMessage, aborted, callToken);
                return;
            }
            catch (Exception ex)
            {
                // Never sent to the client: exception text may hold internals.
                GrpcLog.HandlerFailed(_logger, _path, ex);
                GrpcProtocol.WriteStatus(httpContext.Response, GrpcStatusCode.Internal, HandlerFailedMessage);
                return;
            }

            if (response is null)
            {
                GrpcLog.HandlerReturnedNull(_logger, _path);
                GrpcProtocol.WriteStatus(httpContext.Response, GrpcStatusCode.Internal, HandlerFailedMessage);
                return;
            }

            WriteResponse(httpContext.Response, response);
        }
        finally
        {
            deadlineSource?.Dispose();
        }
    }

    private void EndInterrupted(HttpContext httpContext, string otherwise, CancellationToken aborted, CancellationToken callToken)
    {
        if (aborted.IsCancellationRequested)
        {
            // The client went away (RST_STREAM or connection loss): nobody reads an answer.
            GrpcLog.CallEnded(_logger, _path, GrpcStatusCode.Cancelled);
            return;
        }

        var status = callToken.IsCancellationRequested ? GrpcStatusCode.DeadlineExceeded : GrpcStatusCode.Internal;
        GrpcLog.CallEnded(_logger, _path, status);
        GrpcProtocol.WriteStatus(httpContext.Response, status, status == GrpcStatusCode.DeadlineExceeded ? "Deadline Exceeded" : otherwise);
    }

    private void WriteResponse(HttpResponse httpResponse, TResponse response)
    {
        var size = response.CalculateSize();
        if (size > _maxSendMessageBytes)
        {
            GrpcLog.ResponseTooLarge(_logger, _path, size, _maxSendMessageBytes);
            GrpcProtocol.WriteStatus(
                httpResponse,
                GrpcStatusCode.ResourceExhausted,
                $"grpc: trying to send message larger than max ({size} vs. {_maxSendMessageBytes})");
            return;
        }

        httpResponse.StatusCode = StatusCodes.Status200OK;
        httpResponse.ContentType = GrpcProtocol.ContentType;

        var writer = httpResponse.BodyWriter;
        var header = writer.GetSpan(GrpcProtocol.FrameHeaderLength);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(GrpcProtocol.FrameHeaderLength);
        if (size > 0)
        {
            response.WriteTo(writer);
        }

        // Declares and appends grpc-status: 0. Nothing is flushed here: Kestrel sends HEADERS, the buffered DATA
        // and the trailers when the request delegate completes.
        GrpcProtocol.WriteStatus(httpResponse, GrpcStatusCode.OK, null);
    }

    private async ValueTask<TRequest> ReadRequestAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var reader = httpContext.Request.BodyReader;
        TRequest request;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadMessage(httpContext, reader, buffer, out request))
            {
                break;
            }

            if (result.IsCompleted)
            {
                var length = buffer.Length;
                reader.AdvanceTo(buffer.End);
                throw new GrpcException(
                    GrpcStatusCode.Internal,
                    length == 0
                        ? "grpc: unary request has no message"
                        : "grpc: request ended inside a message frame (truncated message)");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        // A unary request holds exactly one message: wait for the end of the stream, refusing any more bytes.
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var extra = result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (extra > 0)
            {
                throw new GrpcException(GrpcStatusCode.Internal, "grpc: unary request has more than one message");
            }

            if (result.IsCompleted)
            {
                return request;
            }
        }
    }

    /// <summary>
    /// Parses the message when the buffer holds a whole frame, advancing the reader past it. Throws a
    /// <see cref="GrpcException"/> (after advancing the reader) as soon as the frame header shows a problem.
    /// </summary>
    private bool TryReadMessage(HttpContext httpContext, PipeReader reader, ReadOnlySequence<byte> buffer, out TRequest request)
    {
        request = null!;
        if (buffer.Length < GrpcProtocol.FrameHeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderLength];
        buffer.Slice(0, GrpcProtocol.FrameHeaderLength).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);

        if (flag != 0)
        {
            reader.AdvanceTo(buffer.End);
            throw FrameFlagError(httpContext, flag);
        }

        if (length > (uint)_maxReceiveMessageBytes)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(
                GrpcStatusCode.ResourceExhausted,
                $"grpc: received message larger than max ({length} vs. {_maxReceiveMessageBytes})");
        }

        var frameLength = GrpcProtocol.FrameHeaderLength + (long)length;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        try
        {
            request = _parser.ParseFrom(buffer.Slice(GrpcProtocol.FrameHeaderLength, length));
        }
        catch (InvalidProtocolBufferException ex)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(GrpcStatusCode.Internal, "grpc: error unmarshalling request: " + ex.Message, ex);
        }

        var hasMore = buffer.Length > frameLength;
        reader.AdvanceTo(buffer.End);
        if (hasMore)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "grpc: unary request has more than one message");
        }

        return true;
    }

    private static GrpcException FrameFlagError(HttpContext httpContext, byte flag)
    {
        if (flag != 1)
        {
            return new GrpcException(GrpcStatusCode.Internal, $"grpc: invalid compressed flag {flag} in message frame");
        }

        var encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length == 0 || string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return new GrpcException(GrpcStatusCode.Internal, "grpc: compressed flag set with identity or empty encoding");
        }

        return new GrpcException(GrpcStatusCode.Unimplemented, $"compression not supported (grpc-encoding \"{encoding}\")");
    }

    private Task Refuse(HttpContext httpContext, GrpcStatusCode status, string message)
    {
        GrpcLog.CallRefused(_logger, _path, status, message);
        GrpcProtocol.WriteStatus(httpContext.Response, status, message);
        return Task.CompletedTask;
    }
}
