using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rush.Platform.Health;
using Rush.Platform.Observability;
using Rush.Platform.Persistence;
using Rush.Ticketing.Analytics;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Events;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Payments;
using Rush.Ticketing.Reset;
using Rush.Ticketing.Seats;
using Rush.Ticketing.Seeding;

namespace Rush.Ticketing;

/// <summary>The ticketing module's one <c>AddTicketing()</c>/<c>MapTicketing()</c> pair for the host.</summary>
public static class TicketingModule
{
    /// <summary>Registers events, seats, bookings and payments.</summary>
    public static IServiceCollection AddTicketing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TicketingOptions>().Bind(configuration.GetSection("Ticketing"))
            .PostConfigure(o => ApplySeedEnvironment(o, configuration))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new MigrationSource("ticketing", typeof(TicketingModule).Assembly, Order: 20));
        services.AddKnownSeries(TicketingMetrics.AnnounceKnownSeries);
        services.AddTicketingBoards();
        AddCatalog(services);
        AddSale(services, configuration);
        return services;
    }

    /// <summary>Maps the ticketing routes (seed 002 paths under <c>/api</c>).</summary>
    public static IEndpointRouteBuilder MapTicketing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapEvents();
        endpoints.MapAnalytics();
        endpoints.MapBookings();
        endpoints.MapSeats();
        endpoints.MapPayments();
        endpoints.MapReset();
        return endpoints;
    }

    // Events, search, analytics, the catalogue's partitions and the seeder (Events/, Analytics/, Seeding/).
    private static void AddCatalog(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<EventPartitionMaintainer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPartitionMaintainer>());
        services.TryAddSingleton<ISeatHoldCounter, NoSeatHolds>();
        services.AddSingleton<EventAnalytics>();
        services.AddSingleton<TicketingSeeder>();
    }

    // Seats, bookings and payments: the on-sale itself.
    private static void AddSale(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPaymentGatewayClient(configuration);
        services.AddSingleton<SeatLayout>();
        services.AddSingleton<SeatHolds>();
        services.AddSingleton<SeatResync>();
        services.AddHostedService(sp => sp.GetRequiredService<SeatResync>());
        services.AddSingleton<SeatSelection>();
        services.AddSingleton<SeatOffers>();
        services.AddSingleton<SeatListing>();
        services.AddSingleton<ISeatHoldCounter, SeatHoldCounter>();
        services.AddSingleton<BookingStore>();
        services.AddSingleton<BookingTransitions>();
        services.AddSingleton<BookingViews>();
        services.AddSingleton<BookingCancellation>();
        services.AddSingleton<GatewayBreaker>();
        services.AddSingleton<MerchantGateway>();
        services.AddSingleton<PaymentStart>();
        services.AddSingleton<PaymentSettlement>();
        services.AddSingleton<WebhookReceipts>();
        services.AddHealthChecks().AddCheck<GatewayHealthCheck>("gateway", tags: [HealthEndpoints.ReadyTag, HealthEndpoints.HasFallbackTag]);
        services.AddSingleton<BookingSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<BookingSweeper>());
    }

    // Seed 002 configures the breaker through these environment variables; they win when set.
    private static void ApplySeedEnvironment(TicketingOptions options, IConfiguration configuration)
    {
        if (int.TryParse(configuration["CIRCUIT_BREAKER_FAILURE_THRESHOLD"], out var threshold))
        {
            options.CircuitBreaker.FailureThreshold = threshold;
        }

        if (int.TryParse(configuration["CIRCUIT_BREAKER_TIMEOUT_SECONDS"], out var timeout))
        {
            options.CircuitBreaker.TimeoutSeconds = timeout;
        }
    }
}
