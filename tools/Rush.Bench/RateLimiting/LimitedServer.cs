using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;

namespace Rush.Bench.RateLimiting;

/// <summary>
/// A Kestrel server inside the bench process with Rush's own rate limiting (<c>AddRushRateLimiting</c>: ASP.NET Core's
/// middleware, the partitioner, the Lua scripts, a real Redis) and one trivial handler on three routes:
/// <c>GET /plain</c> (no policy), <c>GET /fixed</c> and <c>GET /sliding</c> (a policy of each kind with a limit no run
/// reaches, so every request is decided in Redis and allowed). The difference between the routes is the limiter alone.
/// </summary>
internal sealed class LimitedServer : IAsyncDisposable
{
    /// <summary>The route without a policy.</summary>
    public const string PlainPath = "/plain";

    /// <summary>The route under the fixed-window policy.</summary>
    public const string FixedPath = "/fixed";

    /// <summary>The route under the sliding-window policy.</summary>
    public const string SlidingPath = "/sliding";

    private static readonly byte[] Answer = """{"name":"Пицца Классическая","price":962}"""u8.ToArray();
    private readonly WebApplication _app;

    private LimitedServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:{port}/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the server on a free loopback port, limiting through the Redis at <paramref name="redis"/>.</summary>
    public static async Task<LimitedServer> StartAsync(string redis, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        var limit = 100_000_000.ToString(CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:bench-fixed:Kind"] = "Fixed",
            ["RateLimiting:Policies:bench-fixed:PermitLimit"] = limit,
            ["RateLimiting:Policies:bench-sliding:Kind"] = "Sliding",
            ["RateLimiting:Policies:bench-sliding:PermitLimit"] = limit,
        });
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, o => listen = o);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new RedisConnection(redis, NullLogger<RedisConnection>.Instance));
        builder.Services.AddRushRateLimiting(builder.Configuration);

        var app = builder.Build();
        app.UseRushRateLimiting();
        app.MapGet(PlainPath, AnswerAsync);
        app.MapGet(FixedPath, AnswerAsync).RequireRateLimiting("bench-fixed");
        app.MapGet(SlidingPath, AnswerAsync).RequireRateLimiting("bench-sliding");
        await app.Services.GetRequiredService<RedisConnection>().ConnectAsync().ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LimitedServer(app, new Uri($"http://127.0.0.1:{((IPEndPoint)listen!.EndPoint).Port}/"));
    }

    /// <summary>True when the limiter decides locally right now because Redis failed (the figures would then not be Redis's).</summary>
    public bool FellBack => _app.Services.GetRequiredService<RateLimitGate>().IsFallingBack;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Task AnswerAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Answer.Length;
        return context.Response.Body.WriteAsync(Answer, context.RequestAborted).AsTask();
    }
}
