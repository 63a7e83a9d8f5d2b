using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.RateLimiting.RateLimitSettings;

namespace Rush.Host.Tests.RateLimiting;

[Collection("servers")]
public sealed class SlidingWindowTests(TestServers servers)
{
    [Fact]
    public async Task Sliding_window_lets_requests_back_as_the_previous_minute_fades()
    {
        // Start exactly at a window boundary; the script gets the host's clock, so no real minute passes.
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000);
        var clock = new ManualClock(start);
        await using var host = await RushTestHost.StartAsync(servers,
            Limited(("RateLimiting:Policies:menu:Kind", "Sliding"), ("RateLimiting:Policies:menu:PermitLimit", "4")), clock);

        var first = await StatusesAsync(host, 5);
        clock.Advance(TimeSpan.FromSeconds(75));
        var at75 = await StatusesAsync(host, 1);
        using var refused = await host.Rest.GetAsync("/api/v1/menu");
        clock.Advance(TimeSpan.FromSeconds(15));
        var at90 = await StatusesAsync(host, 1);

        // 4 in the first minute, the 5th refused. 75 s later the first minute still counts 3/4 (3 of 4),
        // so one more fits; the next must wait until half of it has faded: 15 s.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK], at75);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("15", Header(refused, "Retry-After"));
        Assert.Equal([HttpStatusCode.OK], at90);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(RushTestHost host, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await host.Rest.GetAsync("/api/v1/menu");
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
