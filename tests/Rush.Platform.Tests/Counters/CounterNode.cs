using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Counters;
using Rush.Platform.Persistence;
using Rush.Platform.Redis;

namespace Rush.Platform.Tests.Counters;

/// <summary>One Rush instance as far as view counters are concerned; tests call <see cref="ViewCounterFlusher.FlushAsync"/> themselves.</summary>
internal sealed class CounterNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CounterNode(ServiceProvider services) => _services = services;

    /// <summary>The node's counters.</summary>
    public ViewCounters Views => _services.GetRequiredService<ViewCounters>();

    /// <summary>The node's flusher (its timer is not running).</summary>
    public ViewCounterFlusher Flusher => _services.GetRequiredService<ViewCounterFlusher>();

    /// <summary>The node's database.</summary>
    public NpgsqlDataSource Database => _services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Builds a node on <paramref name="redis"/> and <paramref name="postgres"/> and applies the platform migrations.</summary>
    public static async Task<CounterNode> StartAsync(string redis, string postgres, TimeProvider clock, int batchSize = 1000)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Counters:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Counters:RecoverAfter"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(clock)
            .AddSingleton(NpgsqlDataSource.Create(postgres))
            .AddSingleton(sp => new RedisConnection(redis, sp.GetRequiredService<ILogger<RedisConnection>>()))
            .AddSingleton(new MigrationSource("platform", typeof(PlatformModule).Assembly, Order: 0))
            .AddSingleton<MigrationRunner>()
            .AddCounters(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<RedisConnection>().ConnectAsync();
        await services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return new CounterNode(services);
    }

    /// <summary>Views of one item in Postgres only (what the flushes committed).</summary>
    public async Task<long> FlushedAsync(string kind, string id)
    {
        await using var cmd = Database.CreateCommand("select coalesce((select views from view_counters where kind = $1 and item_id = $2), 0)");
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(id);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
