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

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
