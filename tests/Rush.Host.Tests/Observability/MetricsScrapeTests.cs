using System.Net;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Observability;

/// <summary><c>GET /metrics</c> of a real host after real traffic: valid for promtool, with the series the dashboards and alerts use.</summary>
/// <remarks>
/// Robust on a loaded machine: every series filled in the background (probes, relay, consumer) is
/// waited for with a generous deadline, never assumed after a fixed time; a timeout shows the last scrape.
/// </remarks>
[Collection("servers")]
public sealed class MetricsScrapeTests(TestServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> FastProbes = new() { ["Observability:SampleInterval"] = "00:00:01" };

    [Fact]
    public async Task A_scrape_after_traffic_passes_promtool_check_metrics_without_findings()
    {
        await using var host = await RushTestHost.StartAsync(servers, FastProbes);
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
        var scrape = await ScrapeUntilAsync(host, "dependency, outbox and publish series",
            s => s.Values("rush_dependency_up", ("dependency", "redis")).Contains(1)
                && s.Has("rush_outbox_lag_seconds")
                && s.Sum("rush_dependency_call_duration_seconds_count", ("dependency", "rabbitmq"), ("operation", "publish")) >= 1);

        var (exitCode, output) = await Promtool.RunAsync(scrape.Body, "check", "metrics");

        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics (exit {exitCode}):\n{output}\n--- scrape ---\n{scrape.Body}");
    }

    [Fact]
    public async Task Requests_are_measured_per_route_template_and_status_never_per_raw_path()
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

        // ASP.NET Core records a request's duration as it completes, which may be just after the client read the answer.
        const string Duration = "http_server_request_duration_seconds";
        var scrape = await ScrapeUntilAsync(host, "the three requests in http_server_request_duration_seconds",
            s => s.Sum(Duration + "_count", ("http_request_method", "POST"), ("http_route", "/api/v1/orders"), ("http_response_status_code", "201")) >= 1
                && s.Sum(Duration + "_count", ("http_request_method", "GET"), ("http_route", "/api/v1/orders/{id}"), ("http_response_status_code", "404")) >= 1
                && s.Samples.Any(x => x.Name == Duration + "_count" && !x.Labels.ContainsKey("http_route") && x.Labels.GetValueOrDefault("http_response_status_code") == "404"));

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", scrape.Body, StringComparison.Ordinal);
        Assert.True(scrape.Has(Duration + "_bucket", ("http_route", "/api/v1/orders"), ("http_response_status_code", "201"), ("le", "+Inf")), scrape.Body);
        Assert.True(scrape.Has(Duration + "_bucket", ("http_route", "/api/v1/orders"), ("le", "0.5")), "the p95 alert's 500 ms bound is a bucket bound");
        Assert.DoesNotContain(unknownOrder.ToString(), scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/no/such/page", scrape.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Business_and_dependency_series_follow_an_order_through_the_kitchen()
    {
        await using var host = await RushTestHost.StartAsync(servers, FastProbes);
        using (var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }

        var (status, _, _) = await OrderRequests.CallGrpcAsync(host.Grpc, OrderRequests.SeedExampleProto());
        Assert.Equal(0, status);

        await ScrapeUntilAsync(host, "both orders in the business and dependency series", s =>
            s.Sum("rush_kitchen_slot_utilisation_ratio", ("slot", "current")) > 0
            && s.Sum("rush_kitchen_orders_created_total", ("channel", "rest")) >= 1
            && s.Sum("rush_kitchen_orders_created_total", ("channel", "grpc")) >= 1
            && s.Sum("rush_dependency_call_duration_seconds_count", ("dependency", "postgres"), ("operation", "order_commit")) >= 2
            && s.Sum("rush_dependency_call_duration_seconds_count", ("dependency", "redis"), ("operation", "slot-reserve.lua")) >= 2
            && s.Sum("rush_dependency_call_duration_seconds_count", ("dependency", "rabbitmq"), ("operation", "publish")) >= 1
            && s.Has("rush_outbox_backlog")
            && s.Has("rush_consumer_backlog", ("group", "order-service-stable-group"))
            && s.Has("dotnet_process_cpu_time_seconds_total")
            && s.Has("dotnet_gc_collections_total")
            && s.Has("dotnet_process_memory_working_set_bytes"));
    }

    [Fact]
    public async Task Counters_with_known_label_values_are_exported_at_start_before_any_event()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        var scrape = new Scrape(await host.Management.GetStringAsync("/metrics"));

        Assert.True(scrape.Has("rush_kitchen_orders_created_total", ("channel", "rest")), scrape.Body);
        Assert.True(scrape.Has("rush_kitchen_orders_created_total", ("channel", "grpc")), scrape.Body);
        foreach (var result in new[] { "held", "taken", "refused" })
        {
            Assert.True(scrape.Has("rush_ticketing_seat_holds_total", ("result", result)), result);
        }

        Assert.True(scrape.Has("rush_ticketing_seats_sold_total"), scrape.Body);
    }

    private static async Task<Scrape> ScrapeUntilAsync(RushTestHost host, string what, Func<Scrape, bool> condition)
    {
        var scrape = new Scrape("");
        try
        {
            await Poll.UntilAsync(async () => condition(scrape = new Scrape(await host.Management.GetStringAsync("/metrics"))), Patience, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- last scrape ---\n{scrape.Body}", e);
        }

        return scrape;
    }
}
