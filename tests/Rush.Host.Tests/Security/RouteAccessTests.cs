using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rush.Host.Tests.Orders;
using Rush.Platform.Health;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.Security.Calls;

namespace Rush.Host.Tests.Security;

/// <summary>Every staff route says who may call it: the attack (list then cancel every order anonymously) is refused.</summary>
[Collection("servers")]
public sealed class RouteAccessTests(TestServers servers)
{
    [Fact]
    public async Task Anonymous_callers_and_customers_can_neither_list_nor_cancel_orders()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        var id = (await JsonAsync(placed)).GetProperty("orderId").GetGuid();
        var customer = RushTestHost.Basic(DemoUser.Email, DemoUser.Password);

        using var list = await host.Rest.GetAsync("/api/v1/erp/orders/active");
        using var listByCustomer = await SendAsync(host.Rest, HttpMethod.Get, "/api/v1/erp/orders/active", customer);
        using var cancel = await SendAsync(host.Rest, HttpMethod.Put, $"/api/v1/erp/orders/{id}/status", body: new { status = "cancelled" });
        using var cancelByCustomer = await SendAsync(host.Rest, HttpMethod.Put, $"/api/v1/erp/orders/{id}/status", customer, new { status = "cancelled" });
        using var bump = await SendAsync(host.Rest, HttpMethod.Put, $"/api/v1/erp/orders/{id}/items/0/status", body: new { done = true });
        using var slots = await host.Rest.GetAsync("/api/v1/kitchen/slots");

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("authentication_required", await CodeAsync(list));
        Assert.Equal(HttpStatusCode.Forbidden, listByCustomer.StatusCode);
        Assert.Equal("forbidden", await CodeAsync(listByCustomer));
        Assert.Equal(HttpStatusCode.Unauthorized, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancelByCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bump.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, slots.StatusCode);
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'pending' and version = 1"));

        using var byKitchen = await host.KitchenRest.GetAsync("/api/v1/erp/orders/active");
        Assert.Equal(HttpStatusCode.OK, byKitchen.StatusCode);
    }

    [Fact]
    public async Task The_ops_summary_is_for_operators_only()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var anonymous = await host.Rest.GetAsync("/api/v1/ops/summary");
        using var kitchen = await host.KitchenRest.GetAsync("/api/v1/ops/summary");
        using var operatorCall = await host.OperatorRest.GetAsync("/api/v1/ops/summary");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, kitchen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorCall.StatusCode);
    }

    [Fact]
    public async Task Metrics_answer_on_the_management_port_only()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var publicPort = await host.Rest.GetAsync("/metrics");
        using var management = await host.Management.GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, publicPort.StatusCode);
        Assert.DoesNotContain("rush_", await publicPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Contains("rush_", await management.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_probes_stay_anonymous_but_never_show_exception_text()
    {
        const string secret = "db-internal.example:5432 password authentication failed for user rush";
        await using var host = await RushTestHost.StartAsync(servers, configure: builder => builder.Services.AddHealthChecks()
            .AddCheck("exploding", () => throw new InvalidOperationException(secret), tags: [HealthEndpoints.ReadyTag])
            .AddCheck("failing", () => HealthCheckResult.Unhealthy("unreachable", new InvalidOperationException(secret)), tags: [HealthEndpoints.ReadyTag]));

        using var ready = await host.Rest.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("exploding", body, StringComparison.Ordinal);
        Assert.DoesNotContain("db-internal", body, StringComparison.Ordinal);
        Assert.DoesNotContain("password", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_host_name_not_in_AllowedHosts_is_refused()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["AllowedHosts"] = "127.0.0.1;localhost" });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/menu");
        request.Headers.Host = "evil.example";
        using var foreign = await host.Rest.SendAsync(request);
        using var own = await host.Rest.GetAsync("/api/v1/menu");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Screen_sign_in_sets_an_http_only_strict_cookie_that_opens_the_screens()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var cookieless = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = host.Rest.BaseAddress };

        using var page = await cookieless.GetAsync("/kds");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("sign-in-form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signIn = await cookieless.PostAsJsonAsync("/api/v1/sessions", new { email = DemoStaff.KitchenEmail, password = RushTestHost.KitchenPassword, cookie = true });
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.False((await JsonAsync(signIn)).TryGetProperty("token", out _), "the cookie's token is not handed to page scripts");
        var cookie = setCookie.Split(';')[0];

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/kds");
        withCookie.Headers.Add("Cookie", cookie);
        using var kds = await cookieless.SendAsync(withCookie);
        using var opsRequest = new HttpRequestMessage(HttpMethod.Get, "/ops");
        opsRequest.Headers.Add("Cookie", cookie);
        using var ops = await cookieless.SendAsync(opsRequest);

        Assert.Equal(HttpStatusCode.OK, kds.StatusCode);
        Assert.Contains("/screens/kds.js", await kds.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, ops.StatusCode);
    }
}
