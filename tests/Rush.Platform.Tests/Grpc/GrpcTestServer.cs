using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rush.Platform.Grpc;

namespace Rush.Platform.Tests.Grpc;

/// <summary>
/// A real Kestrel server on loopback ports chosen by the OS: one HTTP/2-only (h2c prior knowledge) endpoint
/// for the gRPC calls and one HTTP/1.1 endpoint to check that non-HTTP/2 requests are refused.
/// Serves <c>test.Echo/Echo</c> (StringValue to StringValue) whose request value picks a behaviour.
/// </summary>
public sealed class GrpcTestServer : IAsyncLifetime
{
    public const int MaxMessageBytes = 64 * 1024;

    private WebApplication? _app;
    private ListenOptions? _http2;
    private ListenOptions? _http1;

    public Uri Http2Address { get; private set; } = null!;

    public Uri Http1Address { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Completed by the "wait:ID" handler when it starts, and when its token is cancelled.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(Logs);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                _http2 = o;
            });
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                _http1 = o;
            });
        });
        builder.Services.AddGrpcServer(o =>
        {
            o.MaxReceiveMessageBytes = MaxMessageBytes;
            o.MaxSendMessageBytes = MaxMessageBytes;
        });

        _app = builder.Build();
        _app.MapGrpcUnary<StringValue, StringValue>("test.Echo", "Echo", EchoAsync);
        _app.MapGrpcFallback();
        _app.MapPost("/plain/endpoint", () => "plain");
        await _app.StartAsync();

        // Kestrel writes the bound port back into the ListenOptions.
        Http2Address = new Uri($"http://{_http2!.IPEndPoint}");
        Http1Address = new Uri($"http://{_http1!.IPEndPoint}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Logs.Dispose();
    }

    private async Task<StringValue> EchoAsync(StringValue request, GrpcCallContext context)
    {
        var value = request.Value;
        switch (value)
        {
            case "slow":
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return new StringValue { Value = "never" };
            case "boom":
                throw new InvalidOperationException("secret internal detail");
            case "bad":
                throw new GrpcException(GrpcStatusCode.InvalidArgument, "bad: été 100%\n");
            case "null":
                return null!;
            case "big":
                return new StringValue { Value = new string('x', MaxMessageBytes + 1) };
            case "deadline":
                return new StringValue
                {
                    Value = context.Deadline is { } d
                        ? ((long)(d - DateTimeOffset.UtcNow).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : "none",
                };
            case "meta":
                return new StringValue { Value = context.RequestHeaders["x-rush-test"].ToString() + "|" + context.Method };
        }

        if (value.StartsWith("wait:", StringComparison.Ordinal))
        {
            var id = value["wait:".Length..];
            Started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                throw;
            }
        }

        return new StringValue { Value = "echo:" + value };
    }
}

/// <summary>Keeps what the server logged, so tests can check that failures are logged and not sent.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
