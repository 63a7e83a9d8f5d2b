using System.Net;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Tests.Redis;

/// <summary>The Redis configuration string is StackExchange.Redis's own: the Sentinel form passes through unchanged.</summary>
public sealed class SentinelConfigurationTests
{
    [Fact]
    public void Sentinel_form_keeps_its_service_name_and_every_sentinel_endpoint()
    {
        var options = RedisConnection.Configure("127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381,serviceName=rush");

        Assert.Equal("rush", options.ServiceName);
        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 26379), new IPEndPoint(IPAddress.Loopback, 26380), new IPEndPoint(IPAddress.Loopback, 26381)],
            options.EndPoints.Cast<IPEndPoint>());
    }

    [Fact]
    public void Rush_settings_never_make_a_down_Redis_abort_the_start_and_cap_the_timeouts()
    {
        var options = RedisConnection.Configure("127.0.0.1:26379,serviceName=rush,abortConnect=true,connectTimeout=10000,asyncTimeout=10000");

        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(3000, options.ConnectTimeout);
        Assert.Equal(3000, options.AsyncTimeout);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void Settings_Rush_does_not_own_pass_through()
    {
        var options = RedisConnection.Configure("127.0.0.1:6379,password=s3cret,ssl=true,connectTimeout=500");

        Assert.Null(options.ServiceName);
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal(500, options.ConnectTimeout);
    }
}
