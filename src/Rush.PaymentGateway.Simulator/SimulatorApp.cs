using Rush.PaymentGateway.Simulator.Admin;
using Rush.PaymentGateway.Simulator.Api;
using Rush.PaymentGateway.Simulator.Auth;
using Rush.PaymentGateway.Simulator.Faults;
using Rush.PaymentGateway.Simulator.Form;
using Rush.PaymentGateway.Simulator.Payments;
using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator;

/// <summary>Composition root of the simulator: services, options and routes.</summary>
public static class SimulatorApp
{
    /// <summary>Largest request body (a form post or an init is well under 4 KB).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>Builds the app from command-line arguments (<c>--urls</c>, <c>--Gateway:TeamSlug=...</c>), environment and appsettings.</summary>
    public static WebApplication Build(string[] args)
    {
        // appsettings.json travels next to the dll; the launcher may start it from any folder.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection("Gateway")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FaultOptions>().Bind(builder.Configuration.GetSection("Gateway:Faults")).ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJson.Api));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FaultSwitch>();
        services.AddSingleton<MerchantAuthenticator>();
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<PaymentProcessor>();
        services.AddSingleton<WebhookSigner>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<PaymentExpirySweeper>();

        // Timeouts are per attempt (WebhookTimeout), so the client's own limit stays out of the way.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);

        var app = builder.Build();
        app.MapGatewayApi();
        app.MapPaymentForm();
        app.MapAdmin();
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }
}
