using System.Globalization;
using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.RateLimiting.RateLimitSettings;

namespace Rush.Host.Tests.RateLimiting;

/// <summary>Seed 004: more than 10 menu requests per minute from one IP answer 429.</summary>
[Collection("servers")]
public sealed class MenuRateLimitTests(TestServers servers)
{
    [Fact]
    public async Task Eleventh_menu_request_in_a_minute_is_refused_with_retry_after_and_problem_details()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited());
        for (var i = 0; i < 10; i++)
        {
            using var allowed = await host.Rest.GetAsync("/api/v1/menu");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await host.Rest.GetAsync("/api/v1/menu");
        var problem = await ProblemAsync(refused);
        var retryAfter = int.Parse(Header(refused, "Retry-After")!, CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal("menu", problem.GetProperty("policy").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfter").GetInt32());
        Assert.Equal("\"menu\";q=10;w=60", Header(refused, "RateLimit-Policy"));
        Assert.Equal($"\"menu\";r=0;t={retryAfter}", Header(refused, "RateLimit"));
    }

    [Fact]
    public async Task Successful_answers_carry_the_remaining_quota()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited());

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Rest.GetAsync("/api/v1/menu");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"menu\";q=10;w=60", Header(response, "RateLimit-Policy"));
            Assert.Null(Header(response, "Retry-After"));
            remaining.Add(Header(response, "RateLimit")!.Split(';')[1]);
        }

        Assert.Equal(["r=9", "r=8", "r=7"], remaining);
    }

    [Fact]
    public async Task Two_instances_sharing_redis_share_one_count()
    {
        await using var first = await RushTestHost.StartAsync(servers, Limited());
        await using var second = await RushTestHost.StartAsync(servers, Limited(), flushRedis: false);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await (i % 2 == 0 ? first : second).Rest.GetAsync("/api/v1/menu");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[10..]);
    }

    [Fact]
    public async Task Requests_from_a_trusted_network_are_not_limited()
    {
        // The default test host trusts loopback, as an operator would list the kitchen's own network.
        await using var host = await RushTestHost.StartAsync(servers);

        for (var i = 0; i < 15; i++)
        {
            using var response = await host.Rest.GetAsync("/api/v1/menu");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(Header(response, "RateLimit"));
        }
    }

    [Fact]
    public async Task Policies_do_not_share_a_counter()
    {
        await using var host = await RushTestHost.StartAsync(servers, Limited());
        for (var i = 0; i < 10; i++)
        {
            using var menu = await host.Rest.GetAsync("/api/v1/menu");
        }

        using var refusedMenu = await host.Rest.GetAsync("/api/v1/menu");
        using var quote = await host.Rest.GetAsync("/api/v1/kitchen/wait-quote");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedMenu.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quote.StatusCode);
        Assert.Equal("\"general\";r=99;t=60", Header(quote, "RateLimit"));
    }
}
