using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rush.Platform.Leaderboards;
using Rush.Platform.Redis;

namespace Rush.Platform.Tests.Leaderboards;

public sealed class LeaderboardRankingTests
{
    [Fact]
    public void Ties_share_a_rank_and_are_listed_by_name()
    {
        var ranked = Leaderboard.Rank([("zed", 50), ("amy", 90)], [("bob", 40), ("al", 40)], limit: 4);

        Assert.Equal([(1, "amy", 90d), (2, "zed", 50d), (3, "al", 40d), (3, "bob", 40d)], ranked.Select(e => (e.Rank, e.User, e.Score)));
    }

    [Fact]
    public void Tie_group_straddling_the_limit_is_cut_by_name()
    {
        var ranked = Leaderboard.Rank([("amy", 90)], [("cat", 40), ("bob", 40), ("al", 40)], limit: 3);

        Assert.Equal(["amy", "al", "bob"], ranked.Select(e => e.User));
        Assert.Equal([1, 2, 2], ranked.Select(e => e.Rank));
    }

    [Theory]
    [InlineData("players", true)]
    [InlineData("top-10", true)]
    [InlineData("Players", false)]
    [InlineData("", false)]
    [InlineData("a:b", false)]
    [InlineData("0123456789012345678901234567890123", false)]
    public void Board_names_are_short_lower_case_slugs(string board, bool valid)
    {
        Assert.Equal(valid, Leaderboard.IsValidName(board));
    }

    [Fact]
    public void Seed_board_keeps_the_seed_key()
    {
        Assert.Equal("leaderboard", Leaderboard.Key(Leaderboard.DefaultBoard));
        Assert.Equal("leaderboard:pizzas", Leaderboard.Key("pizzas"));
    }

    [Fact]
    public void Only_boards_a_module_declared_as_fed_are_read_only()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new RedisConnection("127.0.0.1:1", NullLogger<RedisConnection>.Instance));
        services.AddSingleton<Leaderboard>();
        services.AddFedBoard("pizzas");
        using var provider = services.BuildServiceProvider();
        var boards = provider.GetRequiredService<Leaderboard>();

        Assert.True(boards.IsFed("pizzas"));
        Assert.False(boards.IsFed(Leaderboard.DefaultBoard));
        Assert.False(boards.IsFed("events"));
    }

    [Fact]
    public void A_fed_board_must_have_a_board_name()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddFedBoard("Top Pizzas"));
    }
}
