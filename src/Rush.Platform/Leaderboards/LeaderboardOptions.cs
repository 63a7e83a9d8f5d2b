using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Leaderboards;

/// <summary>Who may write which board (section <c>Leaderboards</c>; finding 4).</summary>
/// <remarks>
/// Operators write any board that Rush does not feed itself. Everybody else may write only the
/// boards named here, a few scores at a time, and a board stops taking new names at
/// <see cref="PublicBoardMaxMembers"/>: anonymous callers can no longer grow Redis without bound.
/// </remarks>
public sealed class LeaderboardOptions
{
    /// <summary>Boards anyone may write (default: the seed's <c>/score</c> board).</summary>
    public List<string> PublicBoards { get; set; } = [Leaderboard.DefaultBoard];

    /// <summary>Members a public board may hold; a write that would add more is refused (409 <c>board_full</c>).</summary>
    [Range(1, 10_000_000)]
    public int PublicBoardMaxMembers { get; set; } = 10_000;

    /// <summary>Scores one bulk request to a public board may carry (operators: <see cref="LeaderboardEndpoints.MaxBulkScores"/>).</summary>
    [Range(1, 10_000)]
    public int PublicBatchLimit { get; set; } = 100;
}
