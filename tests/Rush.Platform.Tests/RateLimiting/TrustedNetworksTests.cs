using System.Net;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class TrustedNetworksTests
{
    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("192.0.2.10", true)]
    [InlineData("192.0.2.11", false)]
    [InlineData("fd00::1", true)]
    [InlineData("::1", false)]
    public void Addresses_inside_a_listed_range_are_trusted(string address, bool trusted)
    {
        var networks = TrustedNetworks.Parse(["10.0.0.0/8", "192.0.2.10", "fd00::/8"]);

        Assert.Equal(trusted, networks.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Blank_entries_are_skipped_so_a_setting_can_be_cleared()
    {
        var networks = TrustedNetworks.Parse(["", "  "]);

        Assert.False(networks.Contains(IPAddress.Loopback));
    }

    [Fact]
    public void Malformed_entry_is_refused()
    {
        Assert.Throws<FormatException>(() => TrustedNetworks.Parse(["10.0.0.0/33"]));
        Assert.Throws<FormatException>(() => TrustedNetworks.Parse(["kitchen"]));
    }

    [Fact]
    public void Unknown_remote_address_is_not_trusted()
    {
        Assert.False(TrustedNetworks.Parse(["0.0.0.0/0"]).Contains(null));
    }
}
