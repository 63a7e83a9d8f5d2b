using System.Net;
using System.Net.WebSockets;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Security;

/// <summary>The screen hubs take signed-in staff only, from this host's pages or a configured origin.</summary>
[Collection("servers")]
public sealed class ScreenHubAccessTests(TestServers servers)
{
    [Theory]
    [InlineData("kds")]
    [InlineData("erp")]
    public async Task An_anonymous_or_customer_upgrade_is_refused(string hub)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(host, hub, auth: null, origin: null));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(host, hub, RushTestHost.Basic(DemoUser.Email, DemoUser.Password).ToString(), origin: null));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(host, hub, KitchenAuth, origin: null));
    }

    [Fact]
    public async Task An_upgrade_from_a_foreign_origin_is_refused_and_a_configured_one_accepted()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["Screens:AllowedOrigins:0"] = "https://kitchen.example.com" });

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(host, "erp", KitchenAuth, "https://evil.example"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(host, "erp", KitchenAuth, $"http://127.0.0.1:{host.HttpPort}"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(host, "erp", KitchenAuth, "https://kitchen.example.com"));
    }

    private static string KitchenAuth => RushTestHost.Basic(DemoStaff.KitchenEmail, RushTestHost.KitchenPassword).ToString();

    private static async Task<HttpStatusCode> UpgradeStatusAsync(RushTestHost host, string hub, string? auth, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (auth is not null)
        {
            socket.Options.SetRequestHeader("Authorization", auth);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.HttpPort}/ws/{hub}"), CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused upgrades surface as exceptions; the status is in HttpStatusCode.
        }

        return socket.HttpStatusCode;
    }
}
