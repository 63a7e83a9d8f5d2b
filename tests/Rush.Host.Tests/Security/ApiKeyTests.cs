using System.Net;
using System.Net.Http.Json;
using System.Text;
using Rush.Host.Tests.Orders;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.Security.Calls;

namespace Rush.Host.Tests.Security;

/// <summary>Tills sign in with X-Api-Key: hashed at rest, revocable, own rate limit, the only way in when anonymous ordering is off.</summary>
[Collection("servers")]
public sealed class ApiKeyTests(TestServers servers)
{
    private static readonly Dictionary<string, string> TillsOnly = new() { ["Kitchen:AnonymousOrdering"] = "false" };

    [Fact]
    public async Task With_anonymous_ordering_off_only_a_till_key_places_an_order_over_rest()
    {
        await using var host = await RushTestHost.StartAsync(servers, TillsOnly);
        using var till = host.TillRest(await host.CreateApiKeyAsync("front-till"));

        using var anonymous = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        using var staff = await OrderRequests.PostAsync(host.KitchenRest, OrderRequests.SeedExampleJson());
        using var made = await OrderRequests.PostAsync(till, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("authentication_required", await CodeAsync(anonymous));
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task With_anonymous_ordering_off_grpc_takes_the_key_as_metadata()
    {
        await using var host = await RushTestHost.StartAsync(servers, TillsOnly);
        var key = await host.CreateApiKeyAsync("grpc-till");

        var (anonymousStatus, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());
        host.Grpc.DefaultRequestHeaders.Add("x-api-key", key);
        var (tillStatus, message, response) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());

        Assert.Equal(16, anonymousStatus); // UNAUTHENTICATED
        Assert.True(tillStatus == 0, message);
        Assert.NotNull(response);
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task An_operator_creates_a_key_shown_once_stored_as_a_hash_and_revoking_it_takes_effect_at_once()
    {
        await using var host = await RushTestHost.StartAsync(servers, TillsOnly);

        using var created = await host.OperatorRest.PostAsJsonAsync("/api/v1/api-clients", new { name = "bar-till" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var key = body.GetProperty("apiKey").GetString()!;
        var id = body.GetProperty("id").GetInt64();

        await using (var cmd = host.Database.CreateCommand("select key_hash, key_prefix from api_clients where id = $1"))
        {
            cmd.Parameters.AddWithValue(id);
            await using var row = await cmd.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            var stored = (byte[])row[0];
            Assert.Equal(ApiKeys.Hash(key), stored);
            Assert.DoesNotContain(key, Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
            Assert.True(key.StartsWith(row.GetString(1), StringComparison.Ordinal) && row.GetString(1).Length < key.Length / 2);
        }

        using var listed = await host.OperatorRest.GetAsync("/api/v1/api-clients");
        Assert.DoesNotContain(key, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var till = host.TillRest(key);
        using (var before = await OrderRequests.PostAsync(till, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        using var revoke = await host.OperatorRest.DeleteAsync($"/api/v1/api-clients/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await OrderRequests.PostAsync(till, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("invalid_credentials", await CodeAsync(after));
        Assert.Equal(1, await host.CountAsync("orders"));
    }

    [Fact]
    public async Task Key_management_is_for_operators_only()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var anonymous = await host.Rest.PostAsJsonAsync("/api/v1/api-clients", new { name = "x" });
        using var kitchen = await host.KitchenRest.PostAsJsonAsync("/api/v1/api-clients", new { name = "x" });
        using var till = host.TillRest(await host.CreateApiKeyAsync());
        using var byTill = await till.GetAsync("/api/v1/api-clients");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, kitchen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTill.StatusCode);
        Assert.Equal(1, await host.CountAsync("api_clients"));
    }

    [Fact]
    public async Task Each_till_has_its_own_quota_even_with_the_same_name()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string>
        {
            ["RateLimiting:ExemptNetworks:0"] = "",
            ["RateLimiting:ExemptNetworks:1"] = "",
            ["RateLimiting:Policies:intake:PermitLimit"] = "2",
        });
        using var first = host.TillRest(await host.CreateApiKeyAsync("till"));
        using var second = host.TillRest(await host.CreateApiKeyAsync("till"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await OrderRequests.PostAsync(first, OrderRequests.SeedExampleJson());
            statuses.Add(response.StatusCode);
        }

        using var other = await OrderRequests.PostAsync(second, OrderRequests.SeedExampleJson());

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task A_made_up_or_malformed_key_is_refused()
    {
        await using var host = await RushTestHost.StartAsync(servers, TillsOnly);

        using var madeUp = host.TillRest(ApiKeys.New());
        using var malformed = host.TillRest("'; drop table api_clients; --");
        using var first = await OrderRequests.PostAsync(madeUp, OrderRequests.SeedExampleJson());
        using var second = await OrderRequests.PostAsync(malformed, OrderRequests.SeedExampleJson());

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(0, await host.CountAsync("orders"));
    }
}
