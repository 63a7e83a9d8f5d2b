namespace Rush.Platform.RateLimiting;

/// <summary>Whose requests share one quota.</summary>
public enum RatePartitionBy
{
    /// <summary>The remote IP address (<c>ip:203.0.113.7</c>).</summary>
    Ip,

    /// <summary>The authenticated user (<c>user:alice</c>); anonymous requests fall back to their IP.</summary>
    User,

    /// <summary>
    /// The calling client: the authenticated user when there is one, else the client id header
    /// scoped by IP (<c>client:203.0.113.7:till-4</c>), else the IP.
    /// </summary>
    Client,
}
