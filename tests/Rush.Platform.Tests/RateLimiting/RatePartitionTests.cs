using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Tests.RateLimiting;

public sealed class RatePartitionTests
{
    private const string Header = "X-Client-Id";

    [Fact]
    public void Ip_partition_uses_the_remote_address()
    {
        Assert.Equal("ip:203.0.113.7", RatePartition.For(RatePartitionBy.Ip, Context("203.0.113.7"), Header));
    }

    [Fact]
    public void Ipv4_client_of_a_dual_stack_socket_gets_the_ipv4_key()
    {
        var context = Context("::ffff:203.0.113.7");

        Assert.Equal("ip:203.0.113.7", RatePartition.For(RatePartitionBy.Ip, context, Header));
    }

    [Fact]
    public void User_partition_uses_the_authenticated_name()
    {
        var context = Context("203.0.113.7", user: "alice@example.com");

        Assert.Equal("user:alice@example.com", RatePartition.For(RatePartitionBy.User, context, Header));
    }

    [Fact]
    public void Anonymous_request_under_a_user_policy_falls_back_to_its_ip()
    {
        Assert.Equal("ip:203.0.113.7", RatePartition.For(RatePartitionBy.User, Context("203.0.113.7"), Header));
    }

    [Fact]
    public void Client_partition_is_the_client_id_scoped_by_ip()
    {
        var context = Context("203.0.113.7", clientId: "till-4");

        Assert.Equal("client:203.0.113.7:till-4", RatePartition.For(RatePartitionBy.Client, context, Header));
    }

    [Fact]
    public void Client_partition_prefers_the_authenticated_user_over_the_header()
    {
        var context = Context("203.0.113.7", user: "kitchen-1", clientId: "till-4");

        Assert.Equal("user:kitchen-1", RatePartition.For(RatePartitionBy.Client, context, Header));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("key:injection")]
    [InlineData("ünïcode")]
    public void Malformed_client_id_is_ignored_and_the_ip_decides(string clientId)
    {
        var context = Context("203.0.113.7", clientId: clientId);

        Assert.Equal("ip:203.0.113.7", RatePartition.For(RatePartitionBy.Client, context, Header));
    }

    [Fact]
    public void Over_long_client_id_is_ignored()
    {
        Assert.Null(RatePartition.ValidClientId(new string('a', 65)));
        Assert.Equal(new string('a', 64), RatePartition.ValidClientId(new string('a', 64)));
    }

    [Fact]
    public void Over_long_user_name_is_cut()
    {
        Assert.Equal("user:" + new string('u', 128), RatePartition.User(new string('u', 500)));
    }

    [Fact]
    public void Request_without_remote_address_shares_the_unknown_partition()
    {
        Assert.Equal("ip:unknown", RatePartition.For(RatePartitionBy.Ip, new DefaultHttpContext(), Header));
    }

    [Fact]
    public void Api_client_partition_is_its_key_client_id_from_any_address()
    {
        var context = Context("203.0.113.7", clientId: "spoofed");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "till"), new Claim("rush:client", "till-7")], authenticationType: "api-key"));

        Assert.Equal("client:till-7", RatePartition.For(RatePartitionBy.Client, context, Header));
        Assert.False(RatePartition.IsAnonymous(context));
        Assert.True(RatePartition.IsAnonymous(Context("203.0.113.7", clientId: "till-7")));
    }

    [Fact]
    public void Api_clients_get_their_own_quota()
    {
        var policy = RatePolicy.From("intake", new RatePolicyOptions { PartitionBy = RatePartitionBy.Client, PermitLimit = 100, ApiClientPermitLimit = 5000 });

        Assert.Equal(5000, policy.ApiClient.PermitLimit);
        Assert.Equal("\"intake\";q=5000;w=60", policy.ApiClient.PolicyHeader);
        Assert.Equal(100, policy.PermitLimit);
    }

    private static DefaultHttpContext Context(string ip, string? user = null, string? clientId = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        if (user is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], authenticationType: "test"));
        }

        if (clientId is not null)
        {
            context.Request.Headers[Header] = clientId;
        }

        return context;
    }
}
