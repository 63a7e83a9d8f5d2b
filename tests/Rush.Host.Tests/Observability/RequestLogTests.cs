using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rush.Platform.Observability;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Observability;

/// <summary>A structured log entry per failed (or slow, or sampled) request, whose trace id is the one the client got in its problem details.</summary>
[Collection("servers")]
public sealed class RequestLogTests(TestServers servers)
{
    [Fact]
    public async Task The_request_log_entry_carries_route_status_duration_and_the_trace_id_of_the_problem_details()
    {
        var capture = new LogCapture(RequestLogMiddleware.LogCategory);
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { [$"Logging:LogLevel:{RequestLogMiddleware.LogCategory}"] = "Information" },
            configure: builder => builder.Services.AddSingleton<ILoggerProvider>(capture));

        using var response = await host.Rest.GetAsync($"/api/v1/orders/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var traceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString();

        IReadOnlyDictionary<string, object?>? entry = null;
        await Poll.UntilAsync(() =>
        {
            entry = capture.Entries.FirstOrDefault(e => Equals(e.GetValueOrDefault("Route"), "/api/v1/orders/{id}"));
            return Task.FromResult(entry is not null);
        }, TimeSpan.FromSeconds(10), "the request's log entry");

        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.Equal(traceId, entry!["TraceId"]);
        Assert.Equal("GET", entry["Method"]);
        Assert.Equal(404, entry["Status"]);
        Assert.IsType<double>(entry["DurationMs"]);
        Assert.Single(capture.Entries, e => Equals(e.GetValueOrDefault("TraceId"), traceId));
    }

    [Fact]
    public async Task A_successful_request_writes_no_log_entry_unless_sampled()
    {
        var capture = new LogCapture(RequestLogMiddleware.LogCategory);
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { [$"Logging:LogLevel:{RequestLogMiddleware.LogCategory}"] = "Information" },
            configure: builder => builder.Services.AddSingleton<ILoggerProvider>(capture));

        using (var ok = await host.Rest.GetAsync("/api/v1/menu"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var missing = await host.Rest.GetAsync($"/api/v1/orders/{Guid.NewGuid()}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The failure's entry is written after the success's would have been: once it is there, none is coming.
        await Poll.UntilAsync(() => Task.FromResult(capture.Entries.Any(e => Equals(e.GetValueOrDefault("Status"), 404))),
            TimeSpan.FromSeconds(10), "the 404's log entry");
        Assert.DoesNotContain(capture.Entries, e => Equals(e.GetValueOrDefault("Route"), "/api/v1/menu"));
    }
}
