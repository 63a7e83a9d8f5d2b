using System.Net.Http.Json;
using System.Text.Json;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Analytics;

[Collection("servers")]
public sealed class AnalyticsCacheTests(TestServers servers)
{
    [Fact]
    public async Task Analytics_of_an_event_are_computed_once_per_cache_period_not_per_call()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false,
            settings: new Dictionary<string, string> { ["Ticketing:AnalyticsCacheTtl"] = "00:00:30" });
        var before = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/analytics?id={sale.EventId}");
        await sale.ScalarAsync<int>("with s as (update seats set status = 'SOLD', booking_id = 0 where id = $1 returning 1) select 1", sale.SeatIds[0]);

        var cached = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/analytics?id={sale.EventId}");

        Assert.Equal(0, before.GetProperty("sold_seats").GetInt64());
        Assert.Equal(0, cached.GetProperty("sold_seats").GetInt64());
    }

    [Fact]
    public async Task With_caching_off_every_call_sees_the_latest_sales()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false,
            settings: new Dictionary<string, string> { ["Ticketing:AnalyticsCacheTtl"] = "00:00:00" });
        await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/analytics?id={sale.EventId}");
        await sale.ScalarAsync<int>("with s as (update seats set status = 'SOLD', booking_id = 0 where id = $1 returning 1) select 1", sale.SeatIds[0]);

        var fresh = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/analytics?id={sale.EventId}");

        Assert.Equal(1, fresh.GetProperty("sold_seats").GetInt64());
    }
}
