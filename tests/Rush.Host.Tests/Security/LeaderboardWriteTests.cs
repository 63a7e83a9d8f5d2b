using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Redis;
using Rush.Testing;
using Rush.Testing.Servers;
using static Rush.Host.Tests.Security.Calls;

namespace Rush.Host.Tests.Security;

/// <summary>Finding 4: no anonymous 10,000-member writes to any board; public boards are few, small per request and capped.</summary>
[Collection("servers")]
public sealed class LeaderboardWriteTests(TestServers servers)
{
    [Fact]
    public async Task Anonymous_writes_to_a_board_that_is_not_public_are_refused_and_store_nothing()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var scores = Enumerable.Range(0, 10_000).Select(i => new { user = $"bot-{i}", score = 1 }).ToList();

        using var single = await host.Rest.PostAsJsonAsync("/api/v1/leaderboards/spam/score", new { user = "bot", score = 1 });
        using var bulk = await host.Rest.PostAsJsonAsync("/api/v1/leaderboards/spam/scores", scores);
        using var byKitchen = await host.KitchenRest.PostAsJsonAsync("/api/v1/leaderboards/spam/score", new { user = "bot", score = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, single.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byKitchen.StatusCode);
        Assert.Equal(0, await host.Services.GetRequiredService<RedisConnection>().Database.SortedSetLengthAsync("leaderboard:spam"));
    }

    [Fact]
    public async Task Anonymous_bulk_writes_to_a_public_board_carry_few_scores()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var scores = Enumerable.Range(0, 101).Select(i => new { user = $"bot-{i}", score = 1 }).ToList();

        using var bulk = await host.Rest.PostAsJsonAsync("/api/v1/leaderboards/players/scores", scores);

        Assert.Equal(HttpStatusCode.BadRequest, bulk.StatusCode);
        Assert.Equal("invalid_scores", await CodeAsync(bulk));
        Assert.Equal(0, await host.Services.GetRequiredService<RedisConnection>().Database.SortedSetLengthAsync("leaderboard"));
    }

    [Fact]
    public async Task A_public_board_takes_no_new_names_past_its_cap_but_known_names_keep_scoring()
    {
        await using var host = await RushTestHost.StartAsync(servers, new Dictionary<string, string> { ["Leaderboards:PublicBoardMaxMembers"] = "3" });
        foreach (var user in new[] { "a", "b", "c" })
        {
            using var ok = await host.Rest.PostAsJsonAsync("/score", new { user, score = 10 });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var fourth = await host.Rest.PostAsJsonAsync("/score", new { user = "d", score = 10 });
        using var batch = await host.Rest.PostAsJsonAsync("/api/v1/leaderboards/players/scores", new[] { new { user = "a", score = 1 }, new { user = "e", score = 1 } });
        using var known = await host.Rest.PostAsJsonAsync("/score", new { user = "a", score = 5 });
        using var byOperator = await host.OperatorRest.PostAsJsonAsync("/score", new { user = "f", score = 1 });

        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);
        Assert.Equal("board_full", await CodeAsync(fourth));
        Assert.Equal(HttpStatusCode.Conflict, batch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(15, (await JsonAsync(known)).GetProperty("score").GetDouble());
        Assert.Equal(HttpStatusCode.OK, byOperator.StatusCode);
        Assert.Equal(4, await host.Services.GetRequiredService<RedisConnection>().Database.SortedSetLengthAsync("leaderboard"));
    }
}
