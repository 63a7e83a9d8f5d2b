using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Kitchen.Orders;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Orders;

[Collection("servers")]
public sealed class OrderArchiveTests(TestServers servers)
{
    [Fact]
    public async Task Finished_orders_older_than_a_year_move_to_the_archive_and_others_stay()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await RushTestHost.StartAsync(servers, clock: clock);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetGuid());
        }

        await using (var finish = host.Database.CreateCommand("update orders set status = case when id = $1 then 'completed' else 'cancelled' end where id = any($2)"))
        {
            finish.Parameters.AddWithValue(ids[0]);
            finish.Parameters.AddWithValue(new[] { ids[0], ids[1] });
            await finish.ExecuteNonQueryAsync();
        }

        var maintainer = host.Services.GetRequiredService<OrderPartitionMaintainer>();
        Assert.Equal(0, await maintainer.ArchiveAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal(2, await maintainer.ArchiveAsync(CancellationToken.None));

        Assert.Equal(1, await host.CountAsync("orders"));
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{ids[2]}' and status = 'pending'"));
        Assert.Equal(2, await host.CountAsync("orders_archive", $"id in ('{ids[0]}', '{ids[1]}')"));
    }
}
