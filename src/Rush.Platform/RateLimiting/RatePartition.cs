using System.Net;
using Microsoft.AspNetCore.Http;

namespace Rush.Platform.RateLimiting;

/// <summary>Computes the partition (whose quota a request uses) of a request for a policy.</summary>
/// <remarks>
/// The result is part of a Redis key, so only bounded, well-formed values get in: user names are cut
/// to 128 characters, client ids must be 1-64 characters of <c>[A-Za-z0-9._-]</c> or are ignored.
/// The client id is not authenticated; it is scoped by IP so a client cannot spend another
/// client's quota from elsewhere, and rotating ids only ever buys quota inside that one IP's keys.
/// </remarks>
public static class RatePartition
{
    private const int MaxUserLength = 128;
    private const int MaxClientIdLength = 64;

    /// <summary>The partition of <paramref name="context"/> under <paramref name="by"/>.</summary>
    public static string For(RatePartitionBy by, HttpContext context, string clientIdHeader)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A till (API key) always has its own quota, whatever the policy partitions by: that is what its key
        // is for, and many tills of one restaurant share an address.
        if (ApiClientOf(context) is { } apiClient)
        {
            return "client:" + apiClient;
        }

        var user = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
        return by switch
        {
            RatePartitionBy.User when user is not null => User(user),
            RatePartitionBy.Client when user is not null => User(user),
            RatePartitionBy.Client when ValidClientId(context.Request.Headers[clientIdHeader].ToString()) is { } client =>
                "client:" + Address(context.Connection.RemoteIpAddress) + ":" + client,
            _ => Ip(context.Connection.RemoteIpAddress),
        };
    }

    /// <summary>The client id of an API client (a till signed in with its key, claim <c>rush:client</c>), if well-formed; else null.</summary>
    public static string? ApiClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValidClientId(context.User.FindFirst(Identity.RushClaims.Client)?.Value);
    }

    /// <summary>True when the request is neither signed in nor an API client (the anonymous caps apply).</summary>
    public static bool IsAnonymous(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated != true && ApiClientOf(context) is null;
    }

    /// <summary><c>ip:{address}</c>; IPv4 clients of a dual-stack socket appear in IPv4 form.</summary>
    public static string Ip(IPAddress? address) => "ip:" + Address(address);

    /// <summary><c>user:{name}</c>, cut to a bounded length.</summary>
    public static string User(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "user:" + (name.Length > MaxUserLength ? name[..MaxUserLength] : name);
    }

    /// <summary>The client id if it is well-formed, else null (the request is then partitioned by IP).</summary>
    public static string? ValidClientId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxClientIdLength)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return null;
            }
        }

        return value;
    }

    private static string Address(IPAddress? address) => address is null ? "unknown" : TrustedNetworks.Normalize(address).ToString();
}
