using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Platform.Leaderboards;

/// <summary>Source-generated JSON for the leaderboard API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(List<ScoreRequest>))]
[JsonSerializable(typeof(ScoreResponse))]
[JsonSerializable(typeof(BulkScoreResponse))]
[JsonSerializable(typeof(TopResponse))]
public sealed partial class LeaderboardJson : JsonSerializerContext;

/// <summary>Body of <c>POST .../score</c> (seed 004: <c>{"user","score"}</c>).</summary>
public sealed record ScoreRequest(string? User, double? Score);

/// <summary>A player's total after a score was added.</summary>
public sealed record ScoreResponse(string Board, string User, double Score);

/// <summary>How many scores a bulk load added.</summary>
public sealed record BulkScoreResponse(string Board, int Added);

/// <summary>The top of a board.</summary>
public sealed record TopResponse(string Board, IReadOnlyList<LeaderboardEntry> Entries);
