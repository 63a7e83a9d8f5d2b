using Microsoft.AspNetCore.HttpOverrides;
using Rush.Platform.RateLimiting;

namespace Rush.Host;

/// <summary>Trusts <c>X-Forwarded-For</c>/<c>-Proto</c> only from the configured proxy networks (TLS ends at the proxy).</summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Configures <see cref="ForwardedHeadersOptions"/> from <c>Server:ForwardedHeaders</c>.</summary>
    public static IServiceCollection AddForwardedHeaders(this IServiceCollection services, ForwardedHeadersSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Not X-Forwarded-Host: the Host header stays what AllowedHosts checked.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            if (settings.KnownNetworks.Count > 0)
            {
                // Replace the loopback defaults: only the named proxy networks may speak for a client.
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
                foreach (var entry in settings.KnownNetworks.Where(e => !string.IsNullOrWhiteSpace(e)))
                {
                    options.KnownIPNetworks.Add(TrustedNetworks.TryParse(entry.Trim(), out var network)
                        ? network
                        : throw new FormatException($"Server:ForwardedHeaders:KnownNetworks: '{entry}' is not a CIDR range or an address."));
                }
            }
        });
    }
}
