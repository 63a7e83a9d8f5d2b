using System.Net;

namespace Rush.Bench.Http;

/// <summary>The load generator's HTTP clients: no proxy, no cookies, no decompression, no client-side timeout.</summary>
internal static class BenchHttpClients
{
    /// <summary>HTTP/1.1 keep-alive client with a pool of <paramref name="connections"/> connections per server.</summary>
    public static HttpClient Http11(int connections) => Create(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    /// <summary>
    /// HTTP/2 cleartext client: requests must use version 2.0 with <see cref="HttpVersionPolicy.RequestVersionExact"/>
    /// (prior knowledge). Opens another connection when one reaches the server's concurrent-stream limit.
    /// </summary>
    public static HttpClient Http2(int connections) => Create(new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        MaxConnectionsPerServer = Math.Max(connections, 256),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private static HttpClient Create(SocketsHttpHandler handler) => new(handler, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
