using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rush.Host;
using Rush.Kitchen.Menu;
using Rush.Platform.Identity;
using Rush.Testing.Servers;
using StackExchange.Redis;

namespace Rush.Testing;

/// <summary>A real Rush host in the test process: Kestrel on free ports, against the test servers.</summary>
/// <remarks>
/// Each host gets its own Postgres database (so tests never see each other's orders) unless one is
/// given, and flushes Redis when <c>flushRedis</c> is set (tests of a collection run one at a time).
/// Loopback is exempt from rate limiting unless the settings clear <c>RateLimiting:ExemptNetworks:0/1</c>.
/// The demo kitchen and operator accounts exist with <see cref="KitchenPassword"/> and
/// <see cref="OperatorPassword"/>; <see cref="KitchenRest"/> and <see cref="OperatorRest"/> sign in as them.
/// </remarks>
public sealed class RushTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>Password of <see cref="DemoStaff.KitchenEmail"/> in every test host.</summary>
    public const string KitchenPassword = "test-kitchen-password";

    /// <summary>Password of <see cref="DemoStaff.OperatorEmail"/> in every test host.</summary>
    public const string OperatorPassword = "test-operator-password";

    private RushTestHost(WebApplication app, int httpPort, int grpcPort, int managementPort, string database, ManualClock? clock)
    {
        _app = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        ManagementPort = managementPort;
        PostgresConnectionString = database;
        Clock = clock;
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Grpc = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{grpcPort}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        KitchenRest = SignedIn(httpPort, DemoStaff.KitchenEmail, KitchenPassword);
        OperatorRest = SignedIn(httpPort, DemoStaff.OperatorEmail, OperatorPassword);
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
    }

    /// <summary>REST port.</summary>
    public int HttpPort { get; }

    /// <summary>gRPC port (h2c).</summary>
    public int GrpcPort { get; }

    /// <summary>Management port (<c>/metrics</c>).</summary>
    public int ManagementPort { get; }

    /// <summary>The database this host uses.</summary>
    public string PostgresConnectionString { get; }

    /// <summary>The manual clock, when the host was started with one.</summary>
    public ManualClock? Clock { get; }

    /// <summary>HTTP/1.1 client for the REST port.</summary>
    public HttpClient Rest { get; }

    /// <summary>REST client signed in (Basic) as the demo kitchen user (role <c>kitchen</c>).</summary>
    public HttpClient KitchenRest { get; }

    /// <summary>REST client signed in (Basic) as the demo operator (role <c>operator</c>).</summary>
    public HttpClient OperatorRest { get; }

    /// <summary>Client for the management port (<c>/metrics</c>).</summary>
    public HttpClient Management { get; }

    /// <summary>HTTP/2 (h2c) client for the gRPC port.</summary>
    public HttpClient Grpc { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host with migrations applied and the demo menu seeded; <paramref name="configure"/> may add services (e.g. a log capture).</summary>
    public static async Task<RushTestHost> StartAsync(
        TestServers servers,
        IDictionary<string, string>? settings = null,
        ManualClock? clock = null,
        string? database = null,
        bool flushRedis = true,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        database ??= await servers.Postgres.CreateDatabaseAsync("rush_" + Guid.NewGuid().ToString("N")[..12]);
        if (flushRedis)
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true");
            await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
        }

        // A free port can be taken by another process between choosing it and binding it (test assemblies
        // run side by side): choose new ports and start again, a bounded number of times.
        for (var attempt = 1; ; attempt++)
        {
            var (app, ports) = BuildApp(database, servers, settings, clock, configure);
            try
            {
                await RushApp.MigrateAndSeedAsync(app, CancellationToken.None);
                await app.StartAsync();
                return new RushTestHost(app, ports.Http, ports.Grpc, ports.Management, database, clock);
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static (WebApplication App, (int Http, int Grpc, int Management) Ports) BuildApp(
        string database, TestServers servers, IDictionary<string, string>? settings, ManualClock? clock, Action<WebApplicationBuilder>? configure)
    {
        var httpPort = Ports.FreeTcpPort();
        var grpcPort = Ports.FreeTcpPort();
        var managementPort = Ports.FreeTcpPort();
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = servers.RabbitMq.AmqpUri,
            ["Server:HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Server:GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture),
            ["Server:ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
            ["Demo:KitchenPassword"] = KitchenPassword,
            ["Demo:OperatorPassword"] = OperatorPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outbox:PollInterval"] = "00:00:00.200",
            // No gateway unless a test starts the simulator and points these at it.
            ["Ticketing:Gateway:BaseUrl"] = "http://127.0.0.1:9/api/v1",
            ["Ticketing:Gateway:TeamSlug"] = "rush-test",
            ["Ticketing:Gateway:Password"] = "test-merchant-password",
            ["Ticketing:Gateway:WebhookSecret"] = "test-webhook-secret",
            ["Ticketing:PublicBaseUrl"] = $"http://127.0.0.1:{httpPort}",

            // Tests make many requests from loopback; rate limiting tests clear these entries ("").
            ["RateLimiting:ExemptNetworks:0"] = "127.0.0.0/8",
            ["RateLimiting:ExemptNetworks:1"] = "::1/128",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = RushApp.Build(
            all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray(),
            builder =>
            {
                if (clock is not null)
                {
                    builder.Services.AddSingleton<TimeProvider>(clock);
                }

                configure?.Invoke(builder);
            });
        return (app, (httpPort, grpcPort, managementPort));
    }

    /// <summary>Creates an API client (a till) and returns its key.</summary>
    public async Task<string> CreateApiKeyAsync(string name = "test-till")
    {
        var (_, key) = await Services.GetRequiredService<ApiClientDirectory>().CreateAsync(name, CancellationToken.None);
        return key;
    }

    /// <summary>A REST client for this host that sends <paramref name="apiKey"/> as <c>X-Api-Key</c>.</summary>
    public HttpClient TillRest(string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        client.DefaultRequestHeaders.Add(ApiKeys.Header, apiKey);
        return client;
    }

    /// <summary>The Basic <c>Authorization</c> header value of a pair.</summary>
    public static AuthenticationHeaderValue Basic(string email, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(email + ":" + password)));

    /// <summary>Opens a connection to this host's database.</summary>
    public NpgsqlDataSource Database => _app.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Counts rows of a table of this host's database.</summary>
    public async Task<long> CountAsync(string table, string where = "true")
    {
        await using var cmd = Database.CreateCommand($"select count(*) from {table} where {where}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The demo menu's pizza of seed 001.</summary>
    public static Pizza Classic => DemoMenu.Pizzas[0];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        Grpc.Dispose();
        KitchenRest.Dispose();
        OperatorRest.Dispose();
        Management.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static HttpClient SignedIn(int httpPort, string email, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        client.DefaultRequestHeaders.Authorization = Basic(email, password);
        return client;
    }
}
