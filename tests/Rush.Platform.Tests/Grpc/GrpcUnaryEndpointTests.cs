using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace Rush.Platform.Tests.Grpc;

public sealed class GrpcUnaryEndpointTests : IClassFixture<GrpcTestServer>, IDisposable
{
    private const string Echo = "/test.Echo/Echo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly GrpcTestServer _server;
    private readonly HttpClient _client = new(new SocketsHttpHandler()) { Timeout = Patience };

    public GrpcUnaryEndpointTests(GrpcTestServer server) => _server = server;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Unary_call_round_trips_the_message()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "hello" }));

        Assert.Equal(HttpStatusCode.OK, reply.HttpStatus);
        Assert.Equal("application/grpc", reply.ContentType);
        Assert.Equal(0, reply.Status);
        Assert.Null(reply.RawMessage);
        Assert.Equal(["grpc-status"], reply.Headers.Trailer);
        Assert.Equal("echo:hello", reply.Single().Value);
    }

    [Fact]
    public async Task Empty_request_message_is_a_valid_call()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame([]));

        Assert.Equal(0, reply.Status);
        Assert.Equal("echo:", reply.Single().Value);
    }

    [Fact]
    public async Task Message_spanning_several_http2_frames_round_trips()
    {
        // 60 KB: several 16 KB DATA frames, so the reader has to wait for the rest of the message.
        var value = new string('y', 60 * 1024);

        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = value }));

        Assert.Equal(0, reply.Status);
        Assert.Equal("echo:" + value, reply.Single().Value);
    }

    [Fact]
    public async Task Request_metadata_and_method_reach_the_handler()
    {
        using var request = GrpcWire.Request(_server.Http2Address, Echo, GrpcWire.Frame(new StringValue { Value = "meta" }));
        request.Headers.Add("x-rush-test", "from-client");

        var reply = await GrpcWire.SendAsync(_client, request);

        Assert.Equal(0, reply.Status);
        Assert.Equal("from-client|/test.Echo/Echo", reply.Single().Value);
    }

    [Fact]
    public async Task Unknown_method_answers_unimplemented()
    {
        var reply = await CallAsync("/test.Echo/Nope", GrpcWire.Frame(new StringValue { Value = "x" }));

        Assert.Equal(HttpStatusCode.OK, reply.HttpStatus);
        Assert.Equal(12, reply.Status);
        Assert.Equal("unknown method Nope for service test.Echo", reply.Message);
    }

    [Fact]
    public async Task Unknown_service_answers_unimplemented()
    {
        var reply = await CallAsync("/no.such.Service/Thing", GrpcWire.Frame(new StringValue { Value = "x" }));

        Assert.Equal(HttpStatusCode.OK, reply.HttpStatus);
        Assert.Equal(12, reply.Status);
        Assert.Equal("unknown service no.such.Service", reply.Message);
    }

    [Fact]
    public async Task Method_names_are_case_sensitive()
    {
        var reply = await CallAsync("/test.echo/echo", GrpcWire.Frame(new StringValue { Value = "x" }));

        Assert.Equal(12, reply.Status);
    }

    [Fact]
    public async Task Fallback_leaves_non_grpc_requests_to_ordinary_routing()
    {
        using var request = GrpcWire.Request(_server.Http2Address, "/unknown/path", [1, 2, 3], "application/json");
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_protobuf_answers_internal()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(13, reply.Status);
        Assert.StartsWith("grpc: error unmarshalling request", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_message_answers_resource_exhausted()
    {
        var value = new string('z', GrpcTestServer.MaxMessageBytes);

        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = value }));

        Assert.Equal(8, reply.Status);
        Assert.Contains("larger than max", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_message_is_refused_from_its_frame_header_alone()
    {
        // Declares 1 GiB but sends 3 bytes: the answer must come from the length, not from reading the body.
        var reply = await CallAsync(Echo, GrpcWire.Frame([1, 2, 3], declaredLength: 1u << 30));

        Assert.Equal(8, reply.Status);
        Assert.Equal($"grpc: received message larger than max (1073741824 vs. {GrpcTestServer.MaxMessageBytes})", reply.Message);
    }

    [Fact]
    public async Task Compressed_message_answers_unimplemented()
    {
        using var request = GrpcWire.Request(_server.Http2Address, Echo, GrpcWire.Frame(new StringValue { Value = "x" }.ToByteArray(), flag: 1));
        request.Headers.Add("grpc-encoding", "gzip");

        var reply = await GrpcWire.SendAsync(_client, request);

        Assert.Equal(12, reply.Status);
        Assert.Contains("compression not supported", reply.Message, StringComparison.Ordinal);
        Assert.Equal("identity", Assert.Single(reply.Headers.GetValues("grpc-accept-encoding")));
    }

    [Fact]
    public async Task Compressed_flag_without_an_encoding_answers_internal()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "x" }.ToByteArray(), flag: 1));

        Assert.Equal(13, reply.Status);
    }

    [Fact]
    public async Task Truncated_frame_answers_internal()
    {
        var frame = GrpcWire.Frame(new StringValue { Value = "hello" });

        var reply = await CallAsync(Echo, frame[..^2]);

        Assert.Equal(13, reply.Status);
        Assert.Contains("truncated", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_frame_header_answers_internal()
    {
        var reply = await CallAsync(Echo, [0, 0, 0]);

        Assert.Equal(13, reply.Status);
    }

    [Fact]
    public async Task Request_without_a_message_answers_internal()
    {
        var reply = await CallAsync(Echo, []);

        Assert.Equal(13, reply.Status);
        Assert.Contains("no message", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_messages_in_a_unary_request_answer_internal()
    {
        var one = GrpcWire.Frame(new StringValue { Value = "one" });

        var reply = await CallAsync(Echo, [.. one, .. one]);

        Assert.Equal(13, reply.Status);
        Assert.Contains("more than one message", reply.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1n")]
    [InlineData("0S")]
    public async Task Already_expired_deadline_answers_deadline_exceeded(string timeout)
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "hello" }), timeout);

        Assert.Equal(4, reply.Status);
        Assert.Empty(reply.Body);
    }

    [Fact]
    public async Task Handler_waiting_past_the_deadline_answers_deadline_exceeded()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "slow" }), "200m");

        Assert.Equal(4, reply.Status);
        Assert.Empty(reply.Body);
    }

    [Fact]
    public async Task Handler_sees_the_deadline_from_grpc_timeout()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "deadline" }), "5S");

        Assert.Equal(0, reply.Status);
        var remainingMs = long.Parse(reply.Single().Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(remainingMs, 1, 5000);
    }

    [Fact]
    public async Task Call_without_grpc_timeout_has_no_deadline()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "deadline" }));

        Assert.Equal("none", reply.Single().Value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5")]
    [InlineData("5s")]
    [InlineData("123456789S")]
    [InlineData("-5S")]
    public async Task Malformed_grpc_timeout_answers_internal(string timeout)
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "hello" }), timeout);

        Assert.Equal(13, reply.Status);
        Assert.StartsWith("malformed grpc-timeout", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_grpc_exception_sets_status_and_percent_encoded_message()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "bad" }));

        Assert.Equal(3, reply.Status);
        Assert.Equal(["grpc-status", "grpc-message"], reply.Headers.Trailer);
        Assert.Equal("bad: %C3%A9t%C3%A9 100%25%0A", reply.RawMessage);
        Assert.Equal("bad: été 100%\n", reply.Message);
        Assert.Empty(reply.Body);
    }

    [Fact]
    public async Task Unhandled_handler_exception_answers_internal_without_its_details()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "boom" }));

        Assert.Equal(13, reply.Status);
        Assert.Equal("Exception was thrown by handler.", reply.Message);
        Assert.DoesNotContain("secret", reply.RawMessage, StringComparison.Ordinal);
        Assert.Contains(
            _server.Logs.Entries,
            e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: "secret internal detail" });
    }

    [Fact]
    public async Task Handler_returning_null_answers_internal()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "null" }));

        Assert.Equal(13, reply.Status);
    }

    [Fact]
    public async Task Oversized_response_answers_resource_exhausted()
    {
        var reply = await CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "big" }));

        Assert.Equal(8, reply.Status);
        Assert.Empty(reply.Body);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc+json")]
    public async Task Wrong_content_type_answers_unsupported_media_type(string contentType)
    {
        using var request = GrpcWire.Request(_server.Http2Address, Echo, GrpcWire.Frame(new StringValue { Value = "x" }), contentType);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=binary")]
    public async Task Protobuf_content_type_variants_are_accepted(string contentType)
    {
        using var request = GrpcWire.Request(_server.Http2Address, Echo, GrpcWire.Frame(new StringValue { Value = "v" }), contentType);

        var reply = await GrpcWire.SendAsync(_client, request);

        Assert.Equal(0, reply.Status);
        Assert.Equal("echo:v", reply.Single().Value);
    }

    [Fact]
    public async Task Http11_request_answers_upgrade_required()
    {
        using var request = GrpcWire.Request(_server.Http1Address, Echo, GrpcWire.Frame(new StringValue { Value = "x" }), version: HttpVersion.Version11);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task Client_abort_cancels_the_handler_token()
    {
        var id = Guid.NewGuid().ToString("N");
        var started = _server.Started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var cancelled = _server.Cancelled.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        using var abort = new CancellationTokenSource();
        using var request = GrpcWire.Request(_server.Http2Address, Echo, GrpcWire.Frame(new StringValue { Value = "wait:" + id }));

        var call = _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);
        await started.Task.WaitAsync(Patience);
        await abort.CancelAsync();

        await cancelled.Task.WaitAsync(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Concurrent_calls_on_one_connection_all_succeed()
    {
        var calls = Enumerable.Range(0, 200)
            .Select(i => CallAsync(Echo, GrpcWire.Frame(new StringValue { Value = "n" + i })))
            .ToArray();

        var replies = await Task.WhenAll(calls);

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Equal(0, replies[i].Status);
            Assert.Equal("echo:n" + i, replies[i].Single().Value);
        }
    }

    private async Task<GrpcReply> CallAsync(string path, byte[] body, string? timeout = null)
    {
        using var request = GrpcWire.Request(_server.Http2Address, path, body);
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }

        return await GrpcWire.SendAsync(_client, request);
    }
}
