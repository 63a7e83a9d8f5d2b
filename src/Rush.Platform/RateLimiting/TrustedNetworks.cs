using System.Net;
using System.Net.Sockets;

namespace Rush.Platform.RateLimiting;

/// <summary>The exempt networks of <see cref="RateLimitingOptions.ExemptNetworks"/>, parsed once.</summary>
public sealed class TrustedNetworks
{
    private readonly IPNetwork[] _networks;

    private TrustedNetworks(IPNetwork[] networks) => _networks = networks;

    /// <summary>Parses CIDR ranges or single addresses; blank entries are skipped (so a setting can be cleared).</summary>
    /// <exception cref="FormatException">An entry is neither.</exception>
    public static TrustedNetworks Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var networks = new List<IPNetwork>();
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
        {
            networks.Add(TryParse(entry, out var network) ? network : throw new FormatException($"'{entry}' is not a CIDR range (e.g. 10.0.0.0/8) or an IP address."));
        }

        return new TrustedNetworks([.. networks]);
    }

    /// <summary>Parses one entry: <c>10.0.0.0/8</c>, <c>::1/128</c> or a bare address.</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(entry, out network);
        }

        if (IPAddress.TryParse(entry, out var address))
        {
            address = Normalize(address);
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }

    /// <summary>True when <paramref name="address"/> lies in one of the networks.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null || _networks.Length == 0)
        {
            return false;
        }

        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Dual-stack sockets report IPv4 clients as <c>::ffff:a.b.c.d</c>; limits and ranges use the IPv4 form.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
