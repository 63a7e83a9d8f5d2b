using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Leaderboards;

[Collection("servers")]
public sealed class LeaderboardTests(TestServers servers)
{
    [Fact]
    public async Task Top_lists_highest_totals_first_and_ties_share_a_rank()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        foreach (var (user, score) in new[] { ("ann", 10d), ("bob", 30d), ("cid", 20d), ("ann", 15d), ("dan", 25d) })
        {
            using var posted = await host.OperatorRest.PostAsJsonAsync("/api/v1/leaderboards/arena/score", new { user, score });
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var top = await TopAsync(host, "/api/v1/leaderboards/arena/top?limit=3");

        Assert.Equal([(1, "bob", 30d), (2, "ann", 25d), (2, "dan", 25d)], top);
    }

    [Fact]
    public async Task Seed_routes_score_and_top_use_the_seed_board_and_return_the_new_total()
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var first = await host.Rest.PostAsJsonAsync("/score", new { user = "player1", score = 1500 });
        using var second = await host.Rest.PostAsJsonAsync("/score", new { user = "player1", score = 500 });
        using var other = await host.Rest.PostAsJsonAsync("/score", new { user = "player2", score = 1900 });

        Assert.Equal(2000d, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("score").GetDouble());
        Assert.Equal([(1, "player1", 2000d), (2, "player2", 1900d)], await TopAsync(host, "/top"));
        Assert.Equal(await TopAsync(host, "/top"), await TopAsync(host, "/api/v1/leaderboards/players/top"));
    }

    [Fact]
    public async Task Bulk_load_adds_every_score_in_one_pipelined_request()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        var scores = Enumerable.Range(0, 5_000).Select(i => new { user = $"u{i % 1000}", score = 1 }).ToArray();

        using var response = await host.OperatorRest.PostAsJsonAsync("/api/v1/leaderboards/bulk/scores", scores);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var top = await TopAsync(host, "/api/v1/leaderboards/bulk/top?limit=100");
        Assert.Equal(100, top.Count);
        Assert.All(top, e => Assert.Equal((1, 5d), (e.Rank, e.Score)));
    }

    [Fact]
    public async Task Placed_orders_feed_the_top_pizzas_board_which_clients_cannot_write()
    {
        await using var host = await RushTestHost.StartAsync(servers);
        using var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        await Poll.UntilAsync(async () => (await TopAsync(host, "/api/v1/leaderboards/pizzas/top")).Count > 0, TimeSpan.FromSeconds(10), "the pizzas board to be fed");
        var top = await TopAsync(host, "/api/v1/leaderboards/pizzas/top");
        Assert.Equal((1, RushTestHost.Classic.Name), (top[0].Rank, top[0].User));

        using var write = await host.Rest.PostAsJsonAsync("/api/v1/leaderboards/pizzas/score", new { user = "Маргарита", score = 1000 });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("board_read_only", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("pizzas")]
    [InlineData("events")]
    public async Task Boards_the_modules_feed_refuse_writes_even_from_operators(string board)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var write = await host.OperatorRest.PostAsJsonAsync($"/api/v1/leaderboards/{board}/score", new { user = "42", score = 1000 });

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("board_read_only", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/v1/leaderboards/arena/score", "{\"user\":\"\",\"score\":1}", "invalid_user")]
    [InlineData("/api/v1/leaderboards/arena/score", "{\"user\":\"a\"}", "invalid_score")]
    [InlineData("/api/v1/leaderboards/arena/score", "{\"user\":\"a\",\"score\":\"many\"}", "invalid_json")]
    [InlineData("/api/v1/leaderboards/Bad:Board/score", "{\"user\":\"a\",\"score\":1}", "invalid_board")]
    [InlineData("/api/v1/leaderboards/arena/scores", "[]", "invalid_scores")]
    public async Task Bad_writes_are_400_problems(string path, string body, string code)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.OperatorRest.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/v1/leaderboards/arena/top?limit=0")]
    [InlineData("/api/v1/leaderboards/arena/top?limit=101")]
    [InlineData("/top?limit=-3")]
    public async Task Out_of_range_limits_are_400(string path)
    {
        await using var host = await RushTestHost.StartAsync(servers);

        using var response = await host.Rest.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<List<(int Rank, string User, double Score)>> TopAsync(RushTestHost host, string path)
    {
        var body = await host.Rest.GetFromJsonAsync<JsonElement>(path);
        return body.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("user").GetString()!, e.GetProperty("score").GetDouble()))
            .ToList();
    }
}
