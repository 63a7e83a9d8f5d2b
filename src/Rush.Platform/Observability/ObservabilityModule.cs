using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Rush.Platform.Health;

namespace Rush.Platform.Observability;

/// <summary>Registers OpenTelemetry (metrics for <c>/metrics</c>, traces for OTLP), gauge probes and the ops summary.</summary>
public static class ObservabilityModule
{
    /// <summary>The configuration key (an environment variable) whose presence switches OTLP trace export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds the meter provider (meter <see cref="RushMeter.Name"/>, ASP.NET Core's <c>http.server.*</c>,
    /// the runtime's <c>dotnet.*</c>, Prometheus exporter), the tracer provider when tracing is on,
    /// the probe runner, the dependency-up publisher and the ops window.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>().Bind(configuration.GetSection("Observability")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestLogOptions>().Bind(configuration.GetSection(RequestLogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var tracing = otlp || configuration.GetValue<bool>("Observability:Tracing");

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("rush"))
            .WithMetrics(metrics => metrics
                .AddMeter(RushMeter.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddRuntimeMetricViews()
                // A scrape must show what happened before it (tests and the ops page read right after acting).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(RushTracing.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !RequestLogMiddleware.IsInfrastructure(context.Request.Path.Value ?? ""))
                    .AddNpgsql();
                if (otlp)
                {
                    traces.AddOtlpExporter();
                }
            });
        }

        services.AddHostedService<KnownSeriesAnnouncer>();
        services.AddHostedService<MetricsProbeRunner>();
        services.AddSingleton<OpsWindow>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsWindow>());

        services.AddSingleton<DependencyUpPublisher>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<DependencyUpPublisher>());
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<ObservabilityOptions>>((publisher, observability) =>
        {
            publisher.Delay = TimeSpan.FromSeconds(1);
            publisher.Period = observability.Value.SampleInterval;
            publisher.Predicate = check => check.Tags.Contains(HealthEndpoints.ReadyTag);
        });
        return services;
    }

    /// <summary>Series of <paramref name="announce"/> (counters with known label values) are written at 0 when the host starts.</summary>
    /// <remarks>Prometheus practice: a rate over a series that appears only with its first event misses that event, and alerts on absent series stay silent.</remarks>
    public static IServiceCollection AddKnownSeries(this IServiceCollection services, Action announce) => services.AddSingleton(new KnownSeries(announce));

    /// <summary>Spans of Npgsql commands only inside a traced operation: pollers and probes would otherwise start a trace per query.</summary>
    public static NpgsqlDataSourceBuilder WithCommandTracing(this NpgsqlDataSourceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureTracing(o => o
            .ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null)
            .ConfigureBatchFilter(_ => System.Diagnostics.Activity.Current is not null)
            .EnablePhysicalOpenTracing(false));
        return builder;
    }

    /// <summary>The request log and the ops page's window; call first, before the exception handler, so every final status is seen.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app) => app.UseMiddleware<RequestLogMiddleware>();
}
