using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rush.Ticketing.Gateway;

/// <summary>Registers the payment gateway client for a module that takes payments (Ticketing).</summary>
public static class PaymentGatewayModule
{
    /// <summary>
    /// Adds <see cref="PaymentGatewayClient"/> (typed HttpClient) and <see cref="WebhookSignature"/>, with
    /// <see cref="PaymentGatewayOptions"/> bound from <c>Ticketing:Gateway</c> and validated at start.
    /// </summary>
    public static IServiceCollection AddPaymentGatewayClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentGatewayOptions>().Bind(configuration.GetSection(PaymentGatewayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // The client enforces Ticketing:Gateway:RequestTimeout per call itself, so HttpClient's own limit stays out of the way.
        services.AddHttpClient<PaymentGatewayClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new WebhookSignature(sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value.WebhookSecret));
        return services;
    }
}
