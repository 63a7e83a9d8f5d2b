namespace Rush.Platform.Leaderboards;

/// <summary>A board a module feeds itself (e.g. the kitchen's pizzas by number ordered): readable by all, written only by that module.</summary>
/// <param name="Board">The board name (<see cref="Leaderboard.IsValidName"/>).</param>
public sealed record FedBoard(string Board);
