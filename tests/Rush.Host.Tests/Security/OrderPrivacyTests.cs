using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Rush.Host.Tests.Orders;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.Security.Calls;

namespace Rush.Host.Tests.Security;

/// <summary>Customers' names, phones and addresses: only to the order's token holder and the Erp role; cooks see a first name.</summary>
[Collection("servers")]
public sealed class OrderPrivacyTests(TestServers servers)
{
    private const string Phone = "+79001234567";

    [Fact]
    public async Task An_anonymous_orders_token_unlocks_its_contact_data_and_nothing_else_does()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        var answer = await JsonAsync(placed);
        var id = answer.GetProperty("orderId").GetGuid();
        var token = answer.GetProperty("orderAccessToken").GetString()!;
        using var other = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        var otherToken = (await JsonAsync(other)).GetProperty("orderAccessToken").GetString()!;

        var stranger = await GetOrderAsync(host.Rest, id, null);
        var wrongToken = await GetOrderAsync(host.Rest, id, otherToken);
        var owner = await GetOrderAsync(host.Rest, id, token);
        var kitchen = await GetOrderAsync(host.KitchenRest, id, null);

        foreach (var hidden in new[] { stranger, wrongToken })
        {
            Assert.DoesNotContain(Phone, hidden, StringComparison.Ordinal);
            Assert.DoesNotContain("Иван", hidden, StringComparison.Ordinal);
            Assert.DoesNotContain("Ленина", hidden, StringComparison.Ordinal);
            Assert.Contains("Пицца Классическая", hidden, StringComparison.Ordinal);
        }

        Assert.Contains(Phone, owner, StringComparison.Ordinal);
        Assert.Contains("Ленина", owner, StringComparison.Ordinal);
        Assert.Contains(Phone, kitchen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kds_hub_shows_a_first_name_only_and_the_erp_hub_the_whole_contact()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var id = (await JsonAsync(placed)).GetProperty("orderId").GetGuid().ToString();

        var kds = await FirstFrameWithAsync(host, "kds", id);
        var erp = await FirstFrameWithAsync(host, "erp", id);

        Assert.Contains("Иван", kds, StringComparison.Ordinal);
        Assert.DoesNotContain("Иванов", kds, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, kds, StringComparison.Ordinal);
        Assert.DoesNotContain("Ленина", kds, StringComparison.Ordinal);
        Assert.Contains(Phone, erp, StringComparison.Ordinal);
        Assert.Contains("Ленина", erp, StringComparison.Ordinal);
    }

    private static async Task<string> GetOrderAsync(HttpClient client, Guid id, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
        if (token is not null)
        {
            request.Headers.Add("X-Order-Token", token);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    // Reads frames (snapshot, then live) until one mentions the order; the projection may lag the answer.
    private static async Task<string> FirstFrameWithAsync(RushTestHost host, string hub, string orderId)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", RushTestHost.Basic(DemoStaff.KitchenEmail, RushTestHost.KitchenPassword).ToString());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.HttpPort}/ws/{hub}"), deadline.Token);
        var buffer = new byte[1 << 20];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, deadline.Token);
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
            while (!received.EndOfMessage);

            var frame = text.ToString();
            using var json = JsonDocument.Parse(frame);
            if (frame.Contains(orderId, StringComparison.Ordinal))
            {
                return frame;
            }
        }
    }
}
