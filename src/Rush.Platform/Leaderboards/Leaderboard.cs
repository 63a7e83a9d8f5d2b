using System.Text.RegularExpressions;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Leaderboards;

/// <summary>Leaderboards as Redis sorted sets (seed 004): add to a player's score, read the top.</summary>
/// <remarks>
/// Keys: the seed's board is <c>leaderboard</c> (board name <see cref="DefaultBoard"/>); every other
/// board is <c>leaderboard:{board}</c>. Ties share a rank (1, 2, 2, 4) and are listed by name, which
/// Redis alone does not give: ZREVRANGE orders equal scores by name descending, and a tie can straddle
/// the cut at <c>limit</c>, so the last score's whole tie group is read and merged. Boards a module
/// feeds itself (the kitchen's pizzas, ticketing's events) are declared by that module with
/// <see cref="LeaderboardRegistration.AddFedBoard"/>; clients may read them but not write them.
/// </remarks>
public sealed partial class Leaderboard(RedisConnection redis, IEnumerable<FedBoard> fed)
{
    private readonly HashSet<string> _fed = fed.Select(f => f.Board).ToHashSet(StringComparer.Ordinal);

    private static readonly RedisScript AddCapped = RedisScript.FromResource(typeof(Leaderboard), "leaderboard-add-capped.lua");

    /// <summary>The board the seed's <c>POST /score</c> and <c>GET /top</c> use.</summary>
    public const string DefaultBoard = "players";

    /// <summary>True for boards a module feeds itself, which clients may read but not write.</summary>
    public bool IsFed(string board) => _fed.Contains(board);

    /// <summary>Largest <c>limit</c> a top query may ask for.</summary>
    public const int MaxLimit = 100;

    /// <summary>True when <paramref name="board"/> is a valid board name (lower-case letters, digits, '-', 1-32).</summary>
    public static bool IsValidName(string board) => BoardName().IsMatch(board);

    /// <summary>The Redis key of a board.</summary>
    public static string Key(string board) => board == DefaultBoard ? "leaderboard" : "leaderboard:" + board;

    /// <summary>Adds <paramref name="score"/> to <paramref name="player"/>'s total (ZINCRBY); returns the new total.</summary>
    public Task<double> AddAsync(string board, string player, double score) =>
        redis.Database.SortedSetIncrementAsync(Key(board), player, score);

    /// <summary>
    /// Adds many scores in one pipelined batch (seed 004 "use Pipeline"): every ZINCRBY goes out
    /// back-to-back without waiting for the previous answer.
    /// </summary>
    public async Task AddManyAsync(string board, IReadOnlyList<(string Player, double Score)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var key = Key(board);
        var batch = redis.Database.CreateBatch();
        var pending = new Task[scores.Count];
        for (var i = 0; i < scores.Count; i++)
        {
            pending[i] = batch.SortedSetIncrementAsync(key, scores[i].Player, scores[i].Score);
        }

        batch.Execute();
        await Task.WhenAll(pending);
    }

    /// <summary>
    /// Adds scores to a public board all-or-nothing unless that would take it past <paramref name="maxMembers"/>
    /// (leaderboard-add-capped.lua); the new totals in order, or null when refused.
    /// </summary>
    public async Task<IReadOnlyList<double>?> AddCappedAsync(string board, IReadOnlyList<(string Player, double Score)> scores, int maxMembers)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var args = new RedisValue[1 + (scores.Count * 2)];
        args[0] = maxMembers;
        for (var i = 0; i < scores.Count; i++)
        {
            args[1 + (i * 2)] = scores[i].Player;
            args[2 + (i * 2)] = scores[i].Score;
        }

        var result = await AddCapped.EvaluateAsync(redis.Database, [Key(board)], args);
        var totals = (RedisResult[])result!;
        return totals.Length == 0 ? null : totals.Select(r => (double)r).ToList();
    }

    /// <summary>The top <paramref name="limit"/> players, ranked with ties sharing a rank.</summary>
    public async Task<IReadOnlyList<LeaderboardEntry>> TopAsync(string board, int limit)
    {
        var key = Key(board);
        var top = await redis.Database.SortedSetRangeByRankWithScoresAsync(key, 0, limit - 1, Order.Descending);
        if (top.Length == 0)
        {
            return [];
        }

        var cut = top[^1].Score;
        var tied = await redis.Database.SortedSetRangeByScoreAsync(key, cut, cut, Exclude.None, Order.Ascending, 0, limit);
        return Rank(top.Where(e => e.Score > cut).Select(e => ((string)e.Element!, e.Score)), tied.Select(m => ((string)m!, cut)), limit);
    }

    /// <summary>Ranks entries above the cut (any order) followed by the tie group at the cut (by name).</summary>
    internal static IReadOnlyList<LeaderboardEntry> Rank(IEnumerable<(string Player, double Score)> above, IEnumerable<(string Player, double Score)> atCut, int limit)
    {
        var ordered = above.OrderByDescending(e => e.Score).ThenBy(e => e.Player, StringComparer.Ordinal)
            .Concat(atCut.OrderBy(e => e.Player, StringComparer.Ordinal))
            .Take(limit)
            .ToList();
        var result = new List<LeaderboardEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Score == ordered[i - 1].Score ? result[i - 1].Rank : i + 1;
            result.Add(new LeaderboardEntry(rank, ordered[i].Player, ordered[i].Score));
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex BoardName();
}

/// <summary>One line of a leaderboard.</summary>
public sealed record LeaderboardEntry(int Rank, string User, double Score);
