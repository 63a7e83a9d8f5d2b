using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class ItemBumpTests(TestServers servers)
{
    [Fact]
    public async Task The_order_becomes_ready_when_its_last_item_is_bumped_done()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = (await CookRequests.PlaceAsync(host, ("Маргарита", 1), ("Салат Цезарь", 1), ("Кола 0.5", 2))).GetProperty("orderId").GetGuid();
        await CookRequests.WalkAsync(host.KitchenRest, id, "preparing");

        using var first = await CookRequests.BumpAsync(host.KitchenRest, id, 0, done: true);
        using var undo = await CookRequests.BumpAsync(host.KitchenRest, id, 0, done: false);
        using var again = await CookRequests.BumpAsync(host.KitchenRest, id, 0, done: true, expectedVersion: 4);
        using var second = await CookRequests.BumpAsync(host.KitchenRest, id, 2, done: true, ifMatch: "\"5\"");
        using var last = await CookRequests.BumpAsync(host.KitchenRest, id, 1, done: true);

        Assert.All(new[] { first, undo, again, second, last }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var afterFirst = await CookRequests.JsonAsync(first);
        Assert.Equal("preparing", afterFirst.GetProperty("status").GetString());
        Assert.Equal([true, false, false], afterFirst.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("done").GetBoolean()));
        Assert.False((await CookRequests.JsonAsync(undo)).GetProperty("items")[0].GetProperty("done").GetBoolean());
        var ready = await CookRequests.JsonAsync(last);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(7, ready.GetProperty("version").GetInt32());
        Assert.All(ready.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("done").GetBoolean()));
        Assert.Equal("\"7\"", last.Headers.ETag!.Tag);

        var events = await CookRequests.StatusEventsAsync(host, id);
        Assert.Equal([2, 3, 4, 5, 6, 7], events.Select(e => e.Order.Version));
        Assert.Equal("preparing", events[^1].PreviousStatus);
        Assert.Equal("ready", events[^1].Order.Status);
        Assert.All(events[^1].Order.Items, i => Assert.True(i.Done));
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'ready' and version = 7 and not jsonb_path_exists(items, '$[*] ? (@.done == false)')"));
    }

    [Fact]
    public async Task A_bump_that_changes_nothing_answers_the_order_and_writes_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = (await CookRequests.PlaceAsync(host, ("Маргарита", 1), ("Кола 0.5", 1))).GetProperty("orderId").GetGuid();

        using var undoNothing = await CookRequests.BumpAsync(host.KitchenRest, id, 1, done: false);

        Assert.Equal(HttpStatusCode.OK, undoNothing.StatusCode);
        Assert.Equal(1, (await CookRequests.JsonAsync(undoNothing)).GetProperty("version").GetInt32());
        Assert.Empty(await CookRequests.StatusEventsAsync(host, id));
    }

    [Fact]
    public async Task Items_of_a_ready_completed_or_cancelled_order_cannot_be_bumped()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        foreach (var path in new[] { new[] { "preparing", "cooking", "ready" }, ["preparing", "cooking", "ready", "completed"], ["cancelled"] })
        {
            var id = await CookRequests.PlaceSeedExampleAsync(host);
            await CookRequests.WalkAsync(host.KitchenRest, id, path);

            using var response = await CookRequests.BumpAsync(host.KitchenRest, id, 0, done: true);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await CookRequests.JsonAsync(response);
            Assert.Equal("order_not_in_progress", problem.GetProperty("code").GetString());
            Assert.Equal(path[^1], problem.GetProperty("currentStatus").GetString());
            Assert.Equal(path.Length, (await CookRequests.StatusEventsAsync(host, id)).Count);
        }
    }

    [Fact]
    public async Task Concurrent_bumps_of_different_items_with_the_same_version_let_one_through()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = (await CookRequests.PlaceAsync(host, ("Маргарита", 1), ("Кола 0.5", 1))).GetProperty("orderId").GetGuid();

        var codes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            using var response = await CookRequests.BumpAsync(host.KitchenRest, id, i, done: true, expectedVersion: 1);
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], codes.Order());
        Assert.Single(await CookRequests.StatusEventsAsync(host, id));
    }
}
