using Npgsql;
using Rush.Host;
using Rush.Platform.Persistence;
using Rush.Testing.Servers;

namespace Rush.Ticketing.Tests;

/// <summary>Fresh, migrated databases for ticketing tests, copied from a template migrated once per run.</summary>
/// <remarks>
/// The events migration creates ~160 monthly partitions with their indexes, which takes seconds on a busy machine;
/// <c>CREATE DATABASE ... TEMPLATE</c> copies the result in a fraction of that, so each test still gets its own database.
/// </remarks>
internal static class TicketingDatabases
{
    private const string Template = "ticketing_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    /// <summary>Connection string of a new database with every migration applied.</summary>
    public static async Task<string> CreateMigratedAsync(TestServers servers)
    {
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await MigrateTemplateAsync(servers);
                _templateReady = true;
            }

            var name = "tk_" + Guid.NewGuid().ToString("N")[..12];
            await using var admin = NpgsqlDataSource.Create(servers.Postgres.ConnectionString);
            await using var create = admin.CreateCommand($"create database \"{name}\" template \"{Template}\" owner {PostgresServer.AppUser}");
            await create.ExecuteNonQueryAsync();
            return servers.Postgres.AppConnectionString(name);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task MigrateTemplateAsync(TestServers servers)
    {
        var database = await servers.Postgres.CreateDatabaseAsync(Template);
        await using (var app = RushApp.Build([
            $"--ConnectionStrings:Postgres={database}",
            $"--ConnectionStrings:Redis={servers.Redis.ConnectionString}",
            $"--ConnectionStrings:RabbitMq={servers.RabbitMq.AmqpUri}",
            "--Logging:LogLevel:Default=Warning",
        ]))
        {
            await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        }

        // A template must have no open connections when it is copied.
        NpgsqlConnection.ClearAllPools();
    }
}
