using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Slots;
using Rush.Platform.Persistence;

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

        services.AddSingleton<MenuCatalog>();
        services.AddSingleton<SlotScheduler>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<OrderIntake>();
        services.AddSingleton<OrderStore>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderStore>());
        services.AddSingleton<SlotReservationReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<SlotReservationReaper>());
        services.AddHostedService<OrderPartitionMaintainer>();
        return services;
    }

    /// <summary>Maps the kitchen's REST routes; gRPC is mapped by <see cref="MapKitchenGrpc"/>.</summary>
    public static IEndpointRouteBuilder MapKitchen(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/menu", async (MenuCatalog menu, HttpContext context) =>
            Results.Json(await menu.GetDocumentAsync(context.RequestAborted), KitchenJson.Api.MenuDocument));
        endpoints.MapOrderEndpoints();
        return endpoints;
    }

    /// <summary>Maps the kitchen's gRPC services.</summary>
    public static IEndpointConventionBuilder MapKitchenGrpc(this IEndpointRouteBuilder endpoints) => endpoints.MapOrderGrpcService();
}
