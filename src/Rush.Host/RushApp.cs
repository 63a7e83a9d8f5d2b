using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Host.ApiReference;
using Rush.Kitchen;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Screens;
using Rush.Platform;
using Rush.Platform.Counters;
using Rush.Platform.Health;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using Rush.Platform.Leaderboards;
using Rush.Platform.Observability;
using Rush.Platform.Persistence;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;
using Rush.Ticketing;

namespace Rush.Host;

/// <summary>The composition root: builds the Rush web application from its modules.</summary>
public static class RushApp
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests override settings and services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection("Server")).ValidateDataAnnotations().ValidateOnStart();
        var server = builder.Configuration.GetSection("Server").Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(server.BindAddress);
            kestrel.Listen(address, server.HttpPort, o => o.Protocols = HttpProtocols.Http1AndHttp2);
            kestrel.Listen(address, server.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Parse(server.ManagementBindAddress), server.ManagementPort, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.AddServerHeader = false;
        });

        // Answers that the framework writes itself (a query value that does not bind, an unknown route, a
        // wrong method) get the same machine-readable code as ours, so every refusal carries one.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("code", Problem.CodeFor(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode)));
        builder.Services.AddForwardedHeaders(server.ForwardedHeaders);
        builder.Services.AddPlatform(builder.Configuration);
        builder.Services.AddRushGrpc();
        builder.Services.AddRushOpenApi();
        builder.Services.AddKitchen(builder.Configuration);
        builder.Services.AddTicketing(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (server.ForwardedHeaders.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseRequestLog();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteUnhandledAsync });

        // Answers the framework writes without a body (a query value that does not bind, an unknown route,
        // routing's 415 for a body its Accepts metadata refuses, 405) become problem details; the
        // CustomizeProblemDetails above gives them a code.
        app.UseStatusCodePages();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = app.Services.GetRequiredService<IOptions<ScreensOptions>>().Value.KeepAliveInterval });
        app.UseRushAuthentication();
        app.UseRushRateLimiting();
        app.UseAuthorization();
        app.MapHealth();
        app.MapSessions();
        app.MapApiClients();
        app.MapLeaderboards();
        app.MapCounters();
        app.MapMetrics(server.ManagementPort);
        app.MapKitchen();
        app.MapTicketing();
        app.MapScreenPages(app.Environment.WebRootFileProvider);
        app.MapApiReference();
        app.MapRushGrpc(server.GrpcPort);
        return app;
    }

    /// <summary>Applies migrations when configured to; call before <c>RunAsync</c>.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.MigrateOnStart)
        {
            await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
        }
    }

    /// <summary>Applies migrations and seeds the demo data (<c>./rush up</c>).</summary>
    public static async Task MigrateAndSeedAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
        await app.Services.GetRequiredService<RedisConnection>().ConnectAsync();
        await DemoMenu.SeedAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), ct);
        var users = app.Services.GetRequiredService<UserDirectory>();
        await users.EnsureAsync(DemoUser.Email, DemoUser.Password, ct);
        await (app.Configuration.GetSection("Demo").Get<DemoStaff>() ?? new DemoStaff()).SeedAsync(users, ct);
        await app.Services.GetRequiredService<MenuCatalog>().InvalidateAsync(ct);
    }

    private static Task WriteUnhandledAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        (int Status, string Code, string Detail) answer = error switch
        {
            Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 } => (413, "payload_too_large", "The request body is too large."),
            Microsoft.AspNetCore.Http.BadHttpRequestException bad => (bad.StatusCode, "bad_request", bad.Message),
            NpgsqlException or TimeoutException => (503, "unavailable", "A dependency is unavailable; try again shortly."),
            // Redis away (breaker open or connection lost) where no fallback applies: refuse fast, retry soon.
            RedisUnavailableException => (503, "redis_unavailable", "Redis is unavailable; try again shortly."),
            _ => (500, "internal_error", "An unexpected error occurred; it has been logged."),
        };
        if (answer.Status == 503)
        {
            var retryAfter = (error as RedisUnavailableException)?.RetryAfter ?? TimeSpan.FromSeconds(1);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Problem.Result(context, answer.Status, answer.Code, answer.Detail).ExecuteAsync(context);
    }
}
