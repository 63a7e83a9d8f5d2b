using System.Net;
using Rush.Kitchen.Workflow;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Workflow;

[Collection("servers")]
public sealed class StatusWorkflowTests(TestServers servers)
{
    [Fact]
    public async Task An_order_walks_from_pending_to_completed_with_one_event_per_version()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        string[] steps = ["preparing", "cooking", "ready", "completed"];
        for (var i = 0; i < steps.Length; i++)
        {
            using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, steps[i]);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var order = await CookRequests.JsonAsync(response);
            Assert.Equal(steps[i], order.GetProperty("status").GetString());
            Assert.Equal(i + 2, order.GetProperty("version").GetInt32());
            Assert.Equal(id, order.GetProperty("id").GetGuid());
            Assert.Equal($"\"{i + 2}\"", response.Headers.ETag!.Tag);
        }

        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = 'completed' and version = 5"));
        var events = await CookRequests.StatusEventsAsync(host, id);
        Assert.Equal([2, 3, 4, 5], events.Select(e => e.Order.Version));
        Assert.Equal(["pending", "preparing", "cooking", "ready"], events.Select(e => e.PreviousStatus));
        Assert.Equal(steps, events.Select(e => e.Order.Status));
        Assert.All(events, e => Assert.Equal(id.ToString(), e.Order.Id));
        Assert.All(events, e => Assert.Equal(1924d, e.Order.TotalPrice));
        Assert.Equal(4, events.Select(e => e.EventId).Distinct().Count());

        using var get = await host.KitchenRest.GetAsync($"/api/v1/orders/{id}");
        Assert.Equal("\"5\"", get.Headers.ETag!.Tag);
        Assert.Equal("completed", (await CookRequests.JsonAsync(get)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_illegal_transition_answers_409_with_the_allowed_list_and_changes_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var walked = await CookRequests.PlaceSeedExampleAsync(host);
        var cancelled = await CookRequests.PlaceSeedExampleAsync(host);
        await CookRequests.WalkAsync(host.KitchenRest, cancelled, "cancelled");
        var tried = 0;

        async Task RefuseAllIllegalAsync(Guid id, string current, int version)
        {
            foreach (var target in OrderStatus.All.Where(t => !OrderStateMachine.CanMove(current, t)))
            {
                using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, target);

                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var problem = await CookRequests.JsonAsync(response);
                Assert.Equal("illegal_transition", problem.GetProperty("code").GetString());
                Assert.Equal(OrderStateMachine.AllowedFrom(current), problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
                Assert.Equal(current, problem.GetProperty("currentStatus").GetString());
                tried++;
            }

            Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and status = '{current}' and version = {version}"));
            Assert.Equal(version - 1, (await CookRequests.StatusEventsAsync(host, id)).Count);
        }

        await RefuseAllIllegalAsync(cancelled, "cancelled", 2);
        string[] path = ["pending", "preparing", "cooking", "ready", "completed"];
        for (var i = 0; i < path.Length; i++)
        {
            if (i > 0)
            {
                await CookRequests.WalkAsync(host.KitchenRest, walked, path[i]);
            }

            await RefuseAllIllegalAsync(walked, path[i], i + 1);
        }

        Assert.Equal(36 - 7, tried);
    }

    [Fact]
    public async Task Cancelling_is_allowed_before_ready_and_refused_after()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        foreach (var (before, allowed) in new[] { (Array.Empty<string>(), true), (["preparing"], true), (["preparing", "cooking"], true), (["preparing", "cooking", "ready"], false) })
        {
            var id = await CookRequests.PlaceSeedExampleAsync(host);
            await CookRequests.WalkAsync(host.KitchenRest, id, before);

            using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cancelled");

            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Conflict, response.StatusCode);
        }
    }

    [Fact]
    public async Task Of_concurrent_bumps_expecting_the_same_version_exactly_one_wins_and_the_rest_get_412()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            // Half state the version in the body, half in If-Match: the same precondition.
            using var response = i % 2 == 0
                ? await CookRequests.SetStatusAsync(host.KitchenRest, id, "preparing", expectedVersion: 1)
                : await CookRequests.SetStatusAsync(host.KitchenRest, id, "preparing", ifMatch: "\"1\"");
            return (response.StatusCode, Body: await CookRequests.JsonAsync(response));
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var losers = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(7, losers.Count);
        Assert.All(losers, l => Assert.Equal(HttpStatusCode.PreconditionFailed, l.StatusCode));
        Assert.All(losers, l => Assert.Equal("version_conflict", l.Body.GetProperty("code").GetString()));
        Assert.All(losers, l => Assert.Equal(2, l.Body.GetProperty("currentVersion").GetInt32()));
        Assert.Single(await CookRequests.StatusEventsAsync(host, id));
        Assert.Equal(1, await host.CountAsync("orders", $"id = '{id}' and version = 2"));
    }

    [Fact]
    public async Task Concurrent_bumps_without_a_version_are_decided_one_after_the_other()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, "preparing");
            return (response.StatusCode, Body: await CookRequests.JsonAsync(response));
        }));

        // The first moves it; every other one is re-decided against "preparing" and refused.
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
            Assert.Equal("illegal_transition", a.Body.GetProperty("code").GetString()));
        Assert.Single(await CookRequests.StatusEventsAsync(host, id));
    }

    [Fact]
    public async Task If_match_is_checked_against_the_current_version()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);
        using var get = await host.KitchenRest.GetAsync($"/api/v1/orders/{id}");
        var etag = get.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        using var ok = await CookRequests.SetStatusAsync(host.KitchenRest, id, "preparing", ifMatch: etag);
        using var stale = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cooking", ifMatch: etag);
        using var any = await CookRequests.SetStatusAsync(host.KitchenRest, id, "cooking", ifMatch: "*");
        using var malformed = await CookRequests.SetStatusAsync(host.KitchenRest, id, "ready", ifMatch: "W/\"3\"");
        using var disagreeing = await CookRequests.SetStatusAsync(host.KitchenRest, id, "ready", expectedVersion: 3, ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("\"2\"", stale.Headers.ETag!.Tag);
        var problem = await CookRequests.JsonAsync(stale);
        Assert.Equal("version_conflict", problem.GetProperty("code").GetString());
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        Assert.Equal("\"3\"", any.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid_if_match", (await CookRequests.JsonAsync(malformed)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, disagreeing.StatusCode);
        Assert.Equal("conflicting_preconditions", (await CookRequests.JsonAsync(disagreeing)).GetProperty("code").GetString());
        Assert.Equal(2, (await CookRequests.StatusEventsAsync(host, id)).Count);
    }

    [Fact]
    public async Task A_version_conflict_is_reported_before_the_transition_is_judged()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var id = await CookRequests.PlaceSeedExampleAsync(host);

        // Both wrong: stale version and an illegal step. The precondition speaks first (RFC 9110).
        using var response = await CookRequests.SetStatusAsync(host.KitchenRest, id, "completed", expectedVersion: 7);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(1, (await CookRequests.JsonAsync(response)).GetProperty("currentVersion").GetInt32());
    }
}
