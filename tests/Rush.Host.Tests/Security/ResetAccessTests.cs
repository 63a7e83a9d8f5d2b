using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Security;

/// <summary>Finding 10: <c>POST /api/reset</c> needs an operator, and runs only in Development or when switched on explicitly.</summary>
[Collection("servers")]
public sealed class ResetAccessTests(TestServers servers)
{
    [Fact]
    public async Task Even_when_enabled_only_an_operator_may_reset()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["Ticketing:EnableReset"] = "true" });

        using var anonymous = await host.Rest.PostAsync("/api/reset", null);
        using var kitchen = await host.KitchenRest.PostAsync("/api/reset", null);
        using var operatorCall = await host.OperatorRest.PostAsync("/api/reset", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, kitchen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorCall.StatusCode);
    }

    [Fact]
    public async Task Outside_development_an_operator_is_refused_unless_the_setting_is_on()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["environment"] = "Production" });

        using var refused = await host.OperatorRest.PostAsync("/api/reset", null);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task In_development_an_operator_may_reset_without_the_setting()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["environment"] = "Development" });

        using var reset = await host.OperatorRest.PostAsync("/api/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }
}
