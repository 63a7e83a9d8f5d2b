using System.Net;
using System.Text.RegularExpressions;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Observability;

/// <summary><c>GET /metrics</c> of a real host after real traffic: valid for promtool, with the series the dashboards and alerts use.</summary>
[Collection("servers")]
public sealed class MetricsScrapeTests(TestServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_scrape_after_traffic_passes_promtool_check_metrics_without_findings()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using (var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }

        using (await host.Rest.GetAsync($"/api/v1/orders/{Guid.NewGuid()}"))
        using (await host.Rest.GetAsync("/no/such/page/" + Guid.NewGuid()))
        using (await host.Rest.GetAsync("/health/ready"))
        {
        }

        // The probes and the relay run in the background: wait until their series are there, then lint that scrape.
        var body = "";
        await Poll.UntilAsync(async () =>
        {
            body = await host.Management.GetStringAsync("/metrics");
            return body.Contains("rush_dependency_up{dependency=\"redis\"} 1", StringComparison.Ordinal)
                && body.Contains("rush_outbox_lag_seconds ", StringComparison.Ordinal)
                && body.Contains("dependency=\"rabbitmq\",operation=\"publish\"", StringComparison.Ordinal);
        }, Patience, "dependency, outbox and publish series in /metrics");

        var (exitCode, output) = await Promtool.RunAsync(body, "check", "metrics");

        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics (exit {exitCode}):\n{output}\n--- scrape ---\n{body}");
    }

    [Fact]
    public async Task Requests_are_counted_per_route_template_and_status_never_per_raw_path()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var unknownOrder = Guid.NewGuid();
        using (var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        using (var missing = await host.Rest.GetAsync($"/api/v1/orders/{unknownOrder}"))
        using (var nowhere = await host.Rest.GetAsync("/no/such/page"))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        }

        var body = await host.Management.GetStringAsync("/metrics");

        Assert.Contains("# TYPE rush_http_server_requests_total counter", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE rush_http_server_request_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.True(Value(body, "rush_http_server_requests_total{method=\"POST\",route=\"/api/v1/orders\",status=\"201\"}") >= 1, body);
        Assert.True(Value(body, "rush_http_server_requests_total{method=\"GET\",route=\"/api/v1/orders/{id}\",status=\"404\"}") >= 1, body);
        Assert.True(Value(body, "rush_http_server_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}") >= 1, body);
        Assert.True(Value(body, "rush_http_server_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/orders\",status=\"201\"}") >= 1, body);
        Assert.Contains("rush_http_server_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/orders\",status=\"201\",le=\"+Inf\"}", body, StringComparison.Ordinal);
        Assert.DoesNotContain(unknownOrder.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("/no/such/page", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Business_and_dependency_series_follow_an_order_through_the_kitchen()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using (var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }

        var (status, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());
        Assert.Equal(0, status);

        var body = "";
        await Poll.UntilAsync(async () =>
        {
            body = await host.Management.GetStringAsync("/metrics");
            return Value(body, "rush_kitchen_slot_utilisation_ratio{slot=\"current\"}") > 0
                && Value(body, "rush_dependency_call_duration_seconds_count{dependency=\"rabbitmq\",operation=\"publish\"}") >= 1;
        }, Patience, "slot utilisation and broker publish in /metrics");

        Assert.True(Value(body, "rush_kitchen_orders_created_total{channel=\"rest\"}") >= 1, body);
        Assert.True(Value(body, "rush_kitchen_orders_created_total{channel=\"grpc\"}") >= 1, body);
        Assert.True(Value(body, "rush_dependency_call_duration_seconds_count{dependency=\"postgres\",operation=\"order_commit\"}") >= 2, body);
        Assert.True(Value(body, "rush_dependency_call_duration_seconds_count{dependency=\"redis\",operation=\"slot-reserve.lua\"}") >= 2, body);
        Assert.Contains("rush_outbox_backlog ", body, StringComparison.Ordinal);
        Assert.Contains("rush_consumer_backlog{group=\"order-service-stable-group\"}", body, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total ", body, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"}", body, StringComparison.Ordinal);
    }

    /// <summary>The value of the sample written exactly as <paramref name="series"/>; NaN when absent.</summary>
    private static double Value(string body, string series)
    {
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }
}
