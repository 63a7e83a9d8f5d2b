using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Rush.Platform.Tests.Grpc;

/// <summary>A bare gRPC client over .NET's HttpClient (h2c prior knowledge), building frames by hand.</summary>
internal static class GrpcWire
{
    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(byte[] payload, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static HttpRequestMessage Request(Uri server, string path, byte[] body, string contentType = "application/grpc", Version? version = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        return request;
    }

    public static async Task<GrpcReply> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new GrpcReply(response, body);
    }
}

internal sealed class GrpcReply
{
    public GrpcReply(HttpResponseMessage response, byte[] body)
    {
        HttpStatus = response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        Headers = response.Headers;
        Trailers = response.TrailingHeaders;
        Body = body;
    }

    public HttpStatusCode HttpStatus { get; }

    public string? ContentType { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpResponseHeaders Trailers { get; }

    public byte[] Body { get; }

    public int? Status => Trailers.TryGetValues("grpc-status", out var v) ? int.Parse(v.Single(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? RawMessage => Trailers.TryGetValues("grpc-message", out var v) ? v.Single() : null;

    public string? Message => RawMessage is { } raw ? Uri.UnescapeDataString(raw) : null;

    public StringValue Single()
    {
        Assert.True(Body.Length >= 5, "response has no message frame");
        Assert.Equal(0, Body[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(1));
        Assert.Equal(Body.Length - 5, (int)length);
        return StringValue.Parser.ParseFrom(Body, 5, (int)length);
    }
}
