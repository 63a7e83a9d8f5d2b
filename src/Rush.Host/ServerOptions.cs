using System.ComponentModel.DataAnnotations;

namespace Rush.Host;

/// <summary>Where the host listens (section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>Address to bind, e.g. 127.0.0.1 or 0.0.0.0.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>REST, web pages and WebSockets (HTTP/1.1 and HTTP/2).</summary>
    [Range(1, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>gRPC over HTTP/2 cleartext (h2c, prior knowledge).</summary>
    [Range(1, 65535)]
    public int GrpcPort { get; set; } = 50051;

    /// <summary>
    /// <c>/metrics</c> (and the health probes) for Prometheus, on its own port so that the public
    /// listener never serves metrics (9464 is the OpenTelemetry Prometheus exporter's usual port).
    /// </summary>
    [Range(1, 65535)]
    public int ManagementPort { get; set; } = 9464;

    /// <summary>Address of the management port: loopback unless the scraper runs on another machine.</summary>
    [Required]
    public string ManagementBindAddress { get; set; } = "127.0.0.1";

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Trusting <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> from the TLS-terminating proxy (off by default).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

/// <summary>Section <c>Server:ForwardedHeaders</c>.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>
    /// Use the proxy's headers for the client address (rate limits, sign-in throttling) and scheme
    /// (Secure cookies). Only with a proxy in front: otherwise any client could claim any address.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>CIDR ranges the proxies connect from, e.g. <c>10.0.0.0/8</c>; headers from anyone else are ignored.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
