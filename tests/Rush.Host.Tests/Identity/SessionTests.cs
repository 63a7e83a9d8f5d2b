using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Identity;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Identity;

[Collection("servers")]
public sealed class SessionTests(TestServers servers)
{
    [Fact]
    public async Task Session_token_signs_in_and_revoke_takes_effect_on_the_next_request()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var token = await SignInAsync(host, DemoUser.Email, DemoUser.Password);

        using var before = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", Bearer(token));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var who = await before.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(DemoUser.Email, who.GetProperty("email").GetString());
        Assert.Equal("session", who.GetProperty("via").GetString());

        using var revoke = await SendAsync(host, HttpMethod.Delete, "/api/v1/sessions/current", Bearer(token));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var after = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", Bearer(token));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("invalid_credentials", (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Session_lives_in_redis_under_a_hash_of_the_token_with_a_day_ttl()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var token = await SignInAsync(host, DemoUser.Email, DemoUser.Password);

        var redis = host.Services.GetRequiredService<Rush.Platform.Redis.RedisConnection>().Database;
        var ttl = await redis.KeyTimeToLiveAsync(SessionStore.Key(token));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.False(await redis.KeyExistsAsync("session:" + token));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_401()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.Rest.PostAsJsonAsync("/api/v1/sessions", new { email = DemoUser.Email, password = "not-it" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_credentials", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Basic_auth_is_accepted_where_a_session_is_and_wrong_basic_gets_a_challenge()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var ok = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", Basic(DemoUser.Email.ToUpperInvariant(), DemoUser.Password));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("basic", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("via").GetString());

        using var wrong = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", Basic(DemoUser.Email, "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains(wrong.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.Contains(wrong.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task No_credentials_or_garbage_credentials_answer_401_problems()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var none = await host.Rest.GetAsync("/api/v1/sessions/current");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("authentication_required", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var garbage = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", new AuthenticationHeaderValue("Basic", "%%%not-base64"));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);

        using var unknownToken = await SendAsync(host, HttpMethod.Get, "/api/v1/sessions/current", Bearer("made-up"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknownToken.StatusCode);
    }

    [Fact]
    public async Task Revoking_without_a_session_token_is_a_clear_400()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await SendAsync(host, HttpMethod.Delete, "/api/v1/sessions/current", Basic(DemoUser.Email, DemoUser.Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("not_a_session", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{\"email\":\"not-an-email\",\"password\":\"x\"}", 400)]
    [InlineData("{\"email\":\"a@b.c\"}", 400)]
    [InlineData("{\"email\":", 400)]
    [InlineData("[]", 400)]
    public async Task Malformed_sign_in_bodies_are_refused(string body, int status)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Rest.PostAsync("/api/v1/sessions", content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_pbkdf2_hashes()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        await using var cmd = host.Database.CreateCommand("select password_hash from users where email = $1");
        cmd.Parameters.AddWithValue(DemoUser.Email);
        var stored = (string)(await cmd.ExecuteScalarAsync())!;

        Assert.StartsWith("pbkdf2-sha256$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoUser.Password, stored, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify(DemoUser.Password, stored));
    }

    private static async Task<string> SignInAsync(RushTestHost host, string email, string password)
    {
        using var response = await host.Rest.PostAsJsonAsync("/api/v1/sessions", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        return body.GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(RushTestHost host, HttpMethod method, string path, AuthenticationHeaderValue auth)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = auth;
        return await host.Rest.SendAsync(request);
    }

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static AuthenticationHeaderValue Basic(string email, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
}
