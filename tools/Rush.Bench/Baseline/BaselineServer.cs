using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Rush.Bench.Baseline;

/// <summary>
/// A trivial Kestrel server inside the bench process, on free loopback ports, to measure what the machine,
/// the client and Kestrel manage with no work behind the endpoint. It shares the CPU with the load generator,
/// so it is a ceiling for this machine and this client, not a property of Rush.
/// <list type="bullet">
/// <item>REST listener (HTTP/1.1 and HTTP/2): <c>POST /baseline</c> reads the body and answers 201 with a small JSON;
/// <c>GET /baseline</c> answers 200 with the same JSON.</item>
/// <item>gRPC listener (HTTP/2 only, h2c): <c>POST /{service}/{method}</c> reads the body and answers a framed empty
/// message with <c>grpc-status: 0</c> in the trailers.</item>
/// </list>
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    /// <summary>REST path.</summary>
    public const string RestPath = "/baseline";

    private static readonly byte[] RestAnswer =
        """{"orderId":"00000000-0000-0000-0000-000000000000","displayId":"B-0001","status":"accepted"}"""u8.ToArray();

    // An empty protobuf message, framed: not compressed, length 0.
    private static readonly byte[] GrpcAnswer = [0, 0, 0, 0, 0];

    private readonly WebApplication _app;

    private BaselineServer(WebApplication app, Uri restBase, Uri grpcBase)
    {
        _app = app;
        RestBase = restBase;
        GrpcBase = grpcBase;
    }

    /// <summary>http://127.0.0.1:{port}/ of the REST listener.</summary>
    public Uri RestBase { get; }

    /// <summary>http://127.0.0.1:{port}/ of the gRPC (HTTP/2 only) listener.</summary>
    public Uri GrpcBase { get; }

    /// <summary>Starts the server on two free loopback ports.</summary>
    public static async Task<BaselineServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        ListenOptions? rest = null;
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                rest = o;
            });
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                grpc = o;
            });
        });

        var app = builder.Build();
        app.MapPost(RestPath, RestAsync);
        app.MapGet(RestPath, RestAsync);
        app.MapPost("/{service}/{method}", GrpcAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Kestrel writes the bound port back into the listen options.
        var restPort = ((IPEndPoint)rest!.EndPoint).Port;
        var grpcPort = ((IPEndPoint)grpc!.EndPoint).Port;
        return new BaselineServer(app, new Uri($"http://127.0.0.1:{restPort}/"), new Uri($"http://127.0.0.1:{grpcPort}/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task RestAsync(HttpContext context)
    {
        await DrainAsync(context).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = HttpMethods.IsPost(context.Request.Method) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = RestAnswer.Length;
        await response.Body.WriteAsync(RestAnswer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task GrpcAsync(HttpContext context)
    {
        await DrainAsync(context).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        await response.Body.WriteAsync(GrpcAnswer, context.RequestAborted).ConfigureAwait(false);
        response.AppendTrailer("grpc-status", "0");
    }

    private static async Task DrainAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
        }
    }
}
