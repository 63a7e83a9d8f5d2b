using Rush.Testing;
using Rush.Testing.Servers;
using Xunit.Abstractions;

namespace Rush.EndToEnd.Tests.Screens;

[Collection("servers")]
public sealed class TmpProbeTests(TestServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        foreach (var path in new[] { "/kds", "/screens/screens.css", "/screens/kds.js", "/erp" })
        {
            using var r = await host.Rest.GetAsync(path);
            output.WriteLine($"{path} {(int)r.StatusCode} {r.Content.Headers.ContentType} {string.Join(";", r.Content.Headers.Allow)} {(await r.Content.ReadAsStringAsync())[..Math.Min(200, (int)(r.Content.Headers.ContentLength ?? 200))]}");
        }
        var ds = host.Services.GetService(typeof(Microsoft.AspNetCore.Routing.EndpointDataSource)) as Microsoft.AspNetCore.Routing.EndpointDataSource;
        foreach (var e in ds!.Endpoints)
        {
            output.WriteLine((e as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText + " " + e.DisplayName);
        }
    }
}
