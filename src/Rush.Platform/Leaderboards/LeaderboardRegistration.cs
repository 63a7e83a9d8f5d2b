using Microsoft.Extensions.DependencyInjection;

namespace Rush.Platform.Leaderboards;

/// <summary>How a module declares the boards it feeds.</summary>
public static class LeaderboardRegistration
{
    /// <summary>Declares <paramref name="board"/> as fed by the calling module: the API refuses writes to it (403 <c>board_read_only</c>).</summary>
    public static IServiceCollection AddFedBoard(this IServiceCollection services, string board)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (!Leaderboard.IsValidName(board))
        {
            throw new ArgumentException($"'{board}' is not a board name (lower-case letters, digits, '-', 1-32).", nameof(board));
        }

        services.AddSingleton(new FedBoard(board));
        return services;
    }
}
