using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.Security.Calls;

namespace Rush.Host.Tests.Security;

/// <summary>Finding 1: failed sign-ins are limited per account and per address before any PBKDF2, and unknown emails cost a hash.</summary>
[Collection("servers")]
public sealed class SignInThrottleTests(TestServers servers)
{
    [Fact]
    public async Task After_too_many_failures_an_account_is_refused_without_hashing_even_with_the_right_password()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["Identity:SignInFailuresPerAccount"] = "3" });
        var verifier = host.Services.GetRequiredService<CredentialVerifier>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic(DemoUser.Email, "guess-" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var hashesBefore = verifier.HashesComputed;
        using var right = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic(DemoUser.Email, DemoUser.Password));
        using var viaSessions = await SendAsync(host.Rest, HttpMethod.Post, "/api/v1/sessions", body: new { email = DemoUser.Email, password = DemoUser.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("sign_in_throttled", await CodeAsync(right));
        Assert.True(right.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a throttled sign-in says when to retry");
        Assert.Equal(HttpStatusCode.TooManyRequests, viaSessions.StatusCode);
        Assert.Equal(hashesBefore, verifier.HashesComputed);
    }

    [Fact]
    public async Task Failures_from_one_address_across_many_accounts_are_limited_too()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["Identity:SignInFailuresPerIp"] = "4" });
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic($"nobody{i}@rush.local", "guess"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var other = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic(DemoUser.Email, DemoUser.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_costs_one_hash_like_a_known_one()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var verifier = host.Services.GetRequiredService<CredentialVerifier>();

        var before = verifier.HashesComputed;
        using var unknown = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic("no-such-user@rush.local", "whatever"));
        var afterUnknown = verifier.HashesComputed;
        using var known = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/sessions/current", RushTestHost.Basic(DemoUser.Email, "wrong-password"));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(before + 1, afterUnknown);
        Assert.Equal(afterUnknown + 1, verifier.HashesComputed);
    }

    [Fact]
    public async Task The_current_session_route_is_rate_limited_per_caller()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string>
        {
            ["RateLimiting:ExemptNetworks:0"] = "",
            ["RateLimiting:ExemptNetworks:1"] = "",
            ["RateLimiting:Policies:intake:PermitLimit"] = "2",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.OperatorRest.GetAsync("/api/v1/sessions/current");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
