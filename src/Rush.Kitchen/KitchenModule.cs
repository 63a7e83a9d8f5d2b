using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Capacity;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Observability;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Promotion;
using Rush.Kitchen.Screens;
using Rush.Kitchen.Slots;
using Rush.Kitchen.Workflow;
using Rush.Platform.Observability;
using Rush.Platform.Persistence;
using Rush.Platform.PubSub;
using Rush.Platform.RateLimiting;
using Rush.Platform.Redis;

namespace Rush.Kitchen;

/// <summary>The kitchen module's one <c>AddKitchen()</c>/<c>MapKitchen()</c> pair for the host.</summary>
public static class KitchenModule
{
    /// <summary>Registers menu, slots and order intake.</summary>
    public static IServiceCollection AddKitchen(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KitchenOptions>().Bind(configuration.GetSection("Kitchen")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KitchenOptions>, KitchenOptionsValidator>();
        services.AddSingleton(sp => KitchenCalendar.Create(sp.GetRequiredService<IOptions<KitchenOptions>>().Value, out _));
        services.AddSingleton(new MigrationSource("kitchen", typeof(KitchenModule).Assembly, Order: 10));
        services.AddKnownSeries(KitchenMetrics.AnnounceKnownSeries);
        services.AddKitchenRatePolicies();
        services.AddKitchenBoards();

        services.AddSingleton<MenuCatalog>();
        services.AddSingleton<SlotScheduler>();
        services.AddSingleton<SlotLedger>();
        services.AddSingleton<SlotAuthority>();
        services.AddSingleton<SlotClaimReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<SlotClaimReaper>());
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<OrderIntake>();
        services.AddSingleton<OrderAccessToken>();
        services.AddOrderIntakePolicy();
        services.AddSingleton<OrderStore>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderStore>());
        services.AddSingleton<SlotReservationReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<SlotReservationReaper>());
        services.AddSingleton<OrderPartitionMaintainer>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderPartitionMaintainer>());
        services.AddOrderWorkflow().AddKitchenCapacity();
        services.AddSingleton<IMetricsProbe, KitchenLoadProbe>();
        AddScreensPipeline(services, configuration);
        return services;
    }

    // Projection, promotion and screens (seed 001 steps 6-9). The bootstrapper is registered before
    // the feed: hosted services start in order, so a Redis found empty is rebuilt before screens subscribe.
    private static void AddScreensPipeline(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProjectionOptions>().Bind(configuration.GetSection("Projection")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PromotionOptions>().Bind(configuration.GetSection("Promotion")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScreensOptions>().Bind(configuration.GetSection("Screens")).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<OrderProjector>();
        services.AddSingleton<HotStateRebuild>();
        services.AddSingleton(sp => new HotStateBootstrapper(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<HotStateRebuild>(),
            sp.GetRequiredService<IOptions<ProjectionOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HotStateBootstrapper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HotStateBootstrapper>());
        services.AddSingleton(sp => new HotStateResync(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<HotStateBootstrapper>(),
            sp.GetRequiredService<HotStateRebuild>(), sp.GetRequiredService<SlotLedger>(), sp.GetRequiredService<SlotAuthority>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HotStateResync>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HotStateResync>());
        services.AddSingleton<OrderEventConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderEventConsumer>());
        services.AddSingleton<OrderPromoter>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderPromoter>());

        services.AddSingleton<ScreenStore>();
        services.AddSingleton<ScreenJoin>();
        services.AddSingleton<ScreenConnections>();
        services.AddSingleton(sp => new ScreenFeed(sp.GetRequiredService<IPubSub>(), sp.GetRequiredService<ScreenStore>(),
            sp.GetRequiredService<IOptions<ScreensOptions>>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<ScreenFeed>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ScreenFeed>());
    }

    /// <summary>Maps the kitchen's REST routes; gRPC is mapped by <see cref="MapKitchenGrpc"/>.</summary>
    public static IEndpointRouteBuilder MapKitchen(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMenu();
        endpoints.MapOrderEndpoints();
        endpoints.MapOrderWorkflow().MapKitchenCapacity();
        endpoints.MapScreens();
        return endpoints;
    }

    /// <summary>Maps the kitchen's gRPC services.</summary>
    public static IEndpointConventionBuilder MapKitchenGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<OrderGrpcService>().RequireAuthorization(OrderIntakePolicy.Name).RequireRateLimiting(RatePolicyNames.Intake);
}
