using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Caching;
using Rush.Platform.Counters;
using Rush.Platform.Health;
using Rush.Platform.Identity;
using Rush.Platform.Leaderboards;
using Rush.Platform.Messaging;
using Rush.Platform.Messaging.Outbox;
using Rush.Platform.Observability;
using Rush.Platform.Persistence;
using Rush.Platform.PubSub;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;

namespace Rush.Platform;

/// <summary>Registers the shared platform: Postgres, Redis, the event log, the outbox, health.</summary>
public static class PlatformModule
{
    /// <summary>Adds the platform services; settings are validated when the host starts.</summary>
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection("ConnectionStrings")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection("Outbox")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // First hosted service: Redis is connected before any worker or request uses it.
        services.AddHostedService<RedisConnector>();

        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Postgres);
            // No DISCARD ALL when a connection goes back to the pool: it also drops every cached plan, so each
            // call of a plpgsql function (ticketing_reserve, slot_ledger_commit) re-planned all its statements,
            // the largest share of Postgres's CPU in the flash sale (README, "Postgres connections and event batches").
            // Safe because Rush keeps no session state on pooled connections: no SET, LISTEN or temp tables,
            // and the two session advisory locks (migrations, seeding) are released in finally blocks.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            // Statements run often enough are prepared once per connection (parse and plan saved); every hot
            // statement has a fixed text, and none reads `select *`, so a migration cannot change a prepared result.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            builder.WithCommandTracing();
            return builder.Build();
        });
        services.AddOptions<RedisBreakerOptions>().Bind(configuration.GetSection(RedisBreakerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new RedisConnection(
            sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Redis,
            sp.GetRequiredService<ILogger<RedisConnection>>(),
            sp.GetRequiredService<IOptions<RedisBreakerOptions>>().Value,
            // Real time, not the host's (tests may freeze that): the breaker measures real network failures.
            TimeProvider.System));
        services.AddSingleton(sp => sp.GetRequiredService<RedisConnection>().Breaker);
        services.AddSingleton(sp => sp.GetRequiredService<RedisConnection>().Availability);
        services.AddSingleton(sp => new RabbitMqEventLog(
            sp.GetRequiredService<IOptions<PlatformOptions>>().Value.RabbitMq,
            sp.GetRequiredService<ILogger<RabbitMqEventLog>>(),
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value.EventsPerMessage,
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value.PublishTimeout));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<RabbitMqEventLog>());
        services.AddSingleton<IPubSub, RedisPubSub>();
        services.AddSingleton<Leaderboard>();
        services.AddOptions<LeaderboardOptions>().Bind(configuration.GetSection("Leaderboards")).ValidateDataAnnotations().ValidateOnStart();
        services.AddRushIdentity(configuration);
        services.AddCaching(configuration);
        services.AddCounters(configuration);
        services.AddRushRateLimiting(configuration);

        services.AddSingleton(new MigrationSource("platform", typeof(PlatformModule).Assembly, Order: 0));
        services.AddSingleton<MigrationRunner>();

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag, HealthEndpoints.HasFallbackTag])
            .AddCheck<EventLogHealthCheck>("rabbitmq", tags: [HealthEndpoints.ReadyTag, HealthEndpoints.HasFallbackTag]);
        services.AddObservability(configuration);
        services.AddSingleton<IMetricsProbe, OutboxLagProbe>();
        return services;
    }
}
