using Xunit;

namespace Rush.Testing.Servers;

/// <summary>
/// xunit fixture that starts real Postgres, Redis and RabbitMQ servers in parallel once per test collection
/// and stops them afterwards (and kills them by PID if the test process exits without disposing).
/// </summary>
/// <remarks>
/// xunit only discovers collection definitions inside the test assembly, so each test project adds:
/// <code>
/// [CollectionDefinition("servers")]
/// [SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition naming convention.")]
/// public sealed class ServersCollection : ICollectionFixture&lt;TestServers&gt;;
/// </code>
/// and marks test classes with <c>[Collection("servers")]</c>, taking <see cref="TestServers"/> in the constructor.
/// </remarks>
public sealed class TestServers : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;

    /// <summary>The Postgres server.</summary>
    public PostgresServer Postgres => _postgres ?? throw NotStarted();

    /// <summary>The Redis server.</summary>
    public RedisServer Redis => _redis ?? throw NotStarted();

    /// <summary>The RabbitMQ node.</summary>
    public RabbitMqServer RabbitMq => _rabbitMq ?? throw NotStarted();

    /// <summary>Starts the three servers in parallel; if one fails the others are stopped and the failures reported together.</summary>
    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, redis, rabbitMq).ConfigureAwait(false);
        }
        catch
        {
            var failures = new List<Exception>();
            foreach (var task in new Task[] { postgres, redis, rabbitMq })
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
                {
                    failures.Add(e);
                }
            }

            if (postgres.IsCompletedSuccessfully)
            {
                await postgres.Result.DisposeAsync().ConfigureAwait(false);
            }

            if (redis.IsCompletedSuccessfully)
            {
                await redis.Result.DisposeAsync().ConfigureAwait(false);
            }

            if (rabbitMq.IsCompletedSuccessfully)
            {
                await rabbitMq.Result.DisposeAsync().ConfigureAwait(false);
            }

            if (failures.Count > 0)
            {
                throw new AggregateException("Could not start the test servers.", failures);
            }

            throw;
        }

        _postgres = await postgres.ConfigureAwait(false);
        _redis = await redis.ConfigureAwait(false);
        _rabbitMq = await rabbitMq.ConfigureAwait(false);
    }

    /// <summary>Stops the servers (in parallel) and deletes their folders.</summary>
    public async Task DisposeAsync()
    {
        var stops = new List<Task>();
        if (_postgres is not null)
        {
            stops.Add(_postgres.DisposeAsync().AsTask());
        }

        if (_redis is not null)
        {
            stops.Add(_redis.DisposeAsync().AsTask());
        }

        if (_rabbitMq is not null)
        {
            stops.Add(_rabbitMq.DisposeAsync().AsTask());
        }

        try
        {
            await Task.WhenAll(stops).ConfigureAwait(false);
        }
        finally
        {
            // Whatever a failed stop left behind.
            OwnedProcesses.KillAll();
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("TestServers is not initialized: use it as an xunit collection fixture (see the remarks on TestServers).");
}
