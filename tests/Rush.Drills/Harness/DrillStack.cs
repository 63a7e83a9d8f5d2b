using System.Globalization;
using Npgsql;
using Rush.EndToEnd.Tests.Support;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Drills.Harness;

/// <summary>
/// One drill's own world: a Postgres, a Redis and a RabbitMQ of its own (the drill kills one of them),
/// a fresh database, and Rush.Host as a separate OS process on free ports.
/// </summary>
/// <remarks>
/// The servers are the test fixtures (Debian binaries, deploy/ configs, generated passwords), so a
/// drill kills exactly what production runs. Kitchen settings open every day 00:00-23:45 and keep
/// slots small (about 50 orders each); the load asks for tomorrow 00:15, so at any time of day the
/// slot walk fills slot after slot of a whole day: the capacity check then has something to catch.
/// </remarks>
internal sealed class DrillStack : IAsyncDisposable
{
    /// <summary>Largest sum of order prices per slot (currency units) the drill host is given.</summary>
    public const decimal SlotMaxPrice = 40_000m;

    /// <summary>Largest sum of make-minutes per slot the drill host is given.</summary>
    public const int SlotMaxMakeMinutes = 1_200;

    private readonly Dictionary<string, string> _settings;

    private DrillStack(PostgresServer postgres, RedisServer redis, RabbitMqServer rabbitMq, string database, string run,
        IReadOnlyDictionary<string, string>? extra)
    {
        Postgres = postgres;
        Redis = redis;
        RabbitMq = rabbitMq;
        Run = run;
        Db = NpgsqlDataSource.Create(database);
        HttpPort = Ports.FreeTcpPort();
        GrpcPort = Ports.FreeTcpPort();
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = rabbitMq.AmqpUri,
            ["Server:BindAddress"] = "127.0.0.1",
            ["Server:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["Server:GrpcPort"] = GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Kitchen:TimeZone"] = "UTC",
            ["Kitchen:SlotCapacity:MaxPrice"] = SlotMaxPrice.ToString(CultureInfo.InvariantCulture),
            ["Kitchen:SlotCapacity:MaxMakeMinutes"] = SlotMaxMakeMinutes.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            _settings[$"Kitchen:OpeningHours:{day}"] = "00:00-23:45";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The drill's Postgres (kill with <see cref="PostgresServer.KillAsync"/>).</summary>
    public PostgresServer Postgres { get; }

    /// <summary>The drill's Redis.</summary>
    public RedisServer Redis { get; }

    /// <summary>The drill's RabbitMQ node.</summary>
    public RabbitMqServer RabbitMq { get; }

    /// <summary>The drill's database, as the application role.</summary>
    public NpgsqlDataSource Db { get; }

    /// <summary>Prefix of this run's idempotency keys.</summary>
    public string Run { get; }

    /// <summary>The host's REST port.</summary>
    public int HttpPort { get; }

    /// <summary>The host's gRPC (h2c) port.</summary>
    public int GrpcPort { get; }

    /// <summary>The host process, once <see cref="StartHostAsync"/> ran.</summary>
    public HostProcess? Host { get; private set; }

    /// <summary>The host's configuration (environment variables of its process).</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>Points the host at another Redis (e.g. a Sentinel topology around <see cref="Redis"/>); before <see cref="StartHostAsync"/>.</summary>
    public void UseRedis(string configuration) => _settings["ConnectionStrings:Redis"] = configuration;

    /// <summary>Starts the three servers in parallel and creates the database; <paramref name="extra"/> adds or overrides host settings.</summary>
    public static async Task<DrillStack> StartAsync(string name, IReadOnlyDictionary<string, string>? extra = null)
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, redis, rabbitMq);
        }
        catch
        {
            foreach (var server in new Task<IAsyncDisposable>[] { Up(postgres), Up(redis), Up(rabbitMq) })
            {
                try
                {
                    await (await server).DisposeAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
                {
                    // Its own start failed: nothing to stop.
                }
            }

            throw;
        }

        var run = name + "-" + Guid.NewGuid().ToString("N")[..8];
        var database = await postgres.Result.CreateDatabaseAsync("drill_" + name.Replace('-', '_'));
        return new DrillStack(postgres.Result, redis.Result, rabbitMq.Result, database, run, extra);
    }

    /// <summary>Migrates and seeds the database, starts the host and waits until it is ready.</summary>
    public async Task<HostProcess> StartHostAsync()
    {
        if (Host is null)
        {
            await HostProcess.MigrateAndSeedAsync(_settings, TimeSpan.FromMinutes(2));
        }
        else
        {
            await Host.DisposeAsync();
        }

        Host = HostProcess.Start(_settings);
        await Host.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        return Host;
    }

    /// <summary>Kills the host, stops the servers, deletes their folders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Db.DisposeAsync();
        await Task.WhenAll(Postgres.DisposeAsync().AsTask(), Redis.DisposeAsync().AsTask(), RabbitMq.DisposeAsync().AsTask());
    }

    private static async Task<IAsyncDisposable> Up<T>(Task<T> start)
        where T : IAsyncDisposable => await start;
}
