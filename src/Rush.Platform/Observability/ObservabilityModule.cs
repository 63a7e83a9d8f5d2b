using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rush.Platform.Health;

namespace Rush.Platform.Observability;

/// <summary>Registers metrics collection, gauge probes and the ops summary; <see cref="UseRequestMetrics"/> adds the per-request middleware.</summary>
public static class ObservabilityModule
{
    /// <summary>Adds the collector (meter <see cref="RushMeter.Name"/>), the probe runner, the dependency-up publisher and the ops window.</summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>().Bind(configuration.GetSection("Observability")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => new MetricsCollector([RushMeter.Name]));
        services.AddHostedService<MetricsProbeRunner>();
        services.AddSingleton<OpsWindow>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsWindow>());

        services.AddSingleton<IHealthCheckPublisher, DependencyUpPublisher>();
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<ObservabilityOptions>>((publisher, observability) =>
        {
            publisher.Delay = TimeSpan.FromSeconds(1);
            publisher.Period = observability.Value.SampleInterval;
            publisher.Predicate = check => check.Tags.Contains(HealthEndpoints.ReadyTag);
        });
        return services;
    }

    /// <summary>Per-route HTTP metrics and the request log; call first, before the exception handler, so every final status is seen.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.UseMiddleware<RequestMetricsMiddleware>();
}
