using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Seeding;

namespace Rush.Ticketing.Tests.Seeding;

[Collection("servers")]
public sealed class SeededLoginTests(TestServers servers)
{
    [Fact]
    public async Task Seeded_user_signs_in_with_the_documented_password_and_gets_a_full_strength_hash()
    {
        await using var host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));
        await host.Services.GetRequiredService<TicketingSeeder>().RunAsync(
            new SeedPlan { Users = 10, EventsPerMonth = 0, ArchiveEvents = 0, Stadium = false }, TextWriter.Null, live: false, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, await CurrentSessionAsync(host, "user7@rush.local", "password7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CurrentSessionAsync(host, "user8@rush.local", "password7"));
        Assert.Equal(1, await host.CountAsync("users", "email = 'user7@rush.local' and password_hash like 'pbkdf2-sha256$100000$%'"));
        Assert.Equal(1, await host.CountAsync("users", $"email = 'user8@rush.local' and password_hash like 'pbkdf2-sha256${SeededUsers.Iterations}$%'"));
    }

    private static async Task<HttpStatusCode> CurrentSessionAsync(RushTestHost host, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions/current");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await host.Rest.SendAsync(request);
        return response.StatusCode;
    }
}
