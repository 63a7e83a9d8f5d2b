using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rush.Platform.Http;
using Rush.Platform.Identity;
using Rush.Platform.RateLimiting;

namespace Rush.Platform.Leaderboards;

/// <summary>Leaderboard API under <c>/api/v1/leaderboards/{board}</c>, plus the seed's <c>/score</c> and <c>/top</c>.</summary>
/// <remarks>
/// Reads are public (a leaderboard is for showing). Writes: operators to any board Rush does not
/// feed itself; everyone else only to <see cref="LeaderboardOptions.PublicBoards"/>, a few scores per
/// request, up to the member cap (finding 4).
/// </remarks>
public static class LeaderboardEndpoints
{
    /// <summary>Most scores one bulk request may carry.</summary>
    public const int MaxBulkScores = 10_000;

    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxUserLength = 64;
    private const double MaxScore = 1e12;

    /// <summary>Maps the leaderboard routes.</summary>
    public static IEndpointRouteBuilder MapLeaderboards(this IEndpointRouteBuilder endpoints)
    {
        var limited = endpoints.MapGroup("").RequireRateLimiting(RatePolicyNames.General);
        limited.MapPost("/api/v1/leaderboards/{board}/score", ScoreAsync)
            .WithTags("Leaderboards").Accepts<ScoreRequest>("application/json").Produces<ScoreResponse>()
            .ProducesProblemCodes(400, "invalid_board", "invalid_json", "invalid_user", "invalid_score").ProducesProblemCodes(403, "board_read_only").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        limited.MapPost("/api/v1/leaderboards/{board}/scores", ScoreManyAsync)
            .WithTags("Leaderboards").Accepts<List<ScoreRequest>>("application/json").Produces<BulkScoreResponse>()
            .ProducesProblemCodes(400, "invalid_board", "invalid_json", "invalid_scores", "invalid_user", "invalid_score").ProducesProblemCodes(403, "board_read_only").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        limited.MapGet("/api/v1/leaderboards/{board}/top", TopAsync)
            .WithTags("Leaderboards").Produces<TopResponse>().ProducesProblemCodes(400, "invalid_board", "invalid_limit");
        limited.MapPost("/score", (HttpContext context, Leaderboard boards) => ScoreAsync(context, Leaderboard.DefaultBoard, boards))
            .WithTags("Leaderboards").WithSummary("Seed 003's POST /score on the default board.").Accepts<ScoreRequest>("application/json").Produces<ScoreResponse>()
            .ProducesProblemCodes(400, "invalid_json", "invalid_user", "invalid_score").ProducesProblemCodes(413, "payload_too_large").ProducesProblemCodes(415, "unsupported_media_type");
        limited.MapGet("/top", (HttpContext context, Leaderboard boards, int? limit) => TopAsync(context, Leaderboard.DefaultBoard, boards, limit))
            .WithTags("Leaderboards").WithSummary("Seed 003's GET /top on the default board.").Produces<TopResponse>().ProducesProblemCodes(400, "invalid_limit");
        return endpoints;
    }

    private static async Task<IResult> ScoreAsync(HttpContext context, string board, Leaderboard boards)
    {
        var (access, refused) = await WriteAccessAsync(context, board, boards);
        if (refused is not null)
        {
            return refused;
        }

        var (request, problem) = await JsonBody.ReadAsync(context, LeaderboardJson.Default.ScoreRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (ScoreProblem(context, request!) is { } invalid)
        {
            return invalid;
        }

        double total;
        if (access is { } publicBoard)
        {
            var totals = await boards.AddCappedAsync(board, [(request!.User!, request.Score!.Value)], publicBoard.PublicBoardMaxMembers);
            if (totals is null)
            {
                return BoardFull(context, board);
            }

            total = totals[0];
        }
        else
        {
            total = await boards.AddAsync(board, request!.User!, request.Score!.Value);
        }

        return Results.Json(new ScoreResponse(board, request.User!, total), LeaderboardJson.Default.ScoreResponse);
    }

    private static async Task<IResult> ScoreManyAsync(HttpContext context, string board, Leaderboard boards)
    {
        var (access, refused) = await WriteAccessAsync(context, board, boards);
        if (refused is not null)
        {
            return refused;
        }

        var (request, problem) = await JsonBody.ReadAsync(context, LeaderboardJson.Default.ListScoreRequest, MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var most = access?.PublicBatchLimit ?? MaxBulkScores;
        if (request!.Count is 0 || request.Count > most)
        {
            return Problem.Result(context, 400, "invalid_scores", $"Send between 1 and {most} scores.");
        }

        foreach (var score in request)
        {
            if (ScoreProblem(context, score) is { } invalid)
            {
                return invalid;
            }
        }

        var scores = request.Select(s => (s.User!, s.Score!.Value)).ToList();
        if (access is { } publicBoard)
        {
            if (await boards.AddCappedAsync(board, scores, publicBoard.PublicBoardMaxMembers) is null)
            {
                return BoardFull(context, board);
            }
        }
        else
        {
            await boards.AddManyAsync(board, scores);
        }

        return Results.Json(new BulkScoreResponse(board, request.Count), LeaderboardJson.Default.BulkScoreResponse);
    }

    private static async Task<IResult> TopAsync(HttpContext context, string board, Leaderboard boards, int? limit)
    {
        if (!Leaderboard.IsValidName(board))
        {
            return BadBoard(context);
        }

        var take = limit ?? 3;
        if (take is < 1 or > Leaderboard.MaxLimit)
        {
            return Problem.Result(context, 400, "invalid_limit", $"limit must be between 1 and {Leaderboard.MaxLimit}.");
        }

        var entries = await boards.TopAsync(board, take);
        return Results.Json(new TopResponse(board, entries), LeaderboardJson.Default.TopResponse);
    }

    // (null, null): an operator, any board, no cap. (options, null): a public board, capped. (_, problem): refused.
    private static async Task<(LeaderboardOptions? Public, IResult? Refused)> WriteAccessAsync(HttpContext context, string board, Leaderboard boards)
    {
        if (!Leaderboard.IsValidName(board))
        {
            return (null, BadBoard(context));
        }

        if (boards.IsFed(board))
        {
            return (null, Problem.Result(context, 403, "board_read_only", $"The '{board}' board is fed by Rush itself and cannot be written to."));
        }

        var services = context.RequestServices;
        if ((await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, RushPolicies.Operator)).Succeeded)
        {
            return (null, null);
        }

        var options = services.GetRequiredService<IOptions<LeaderboardOptions>>().Value;
        if (options.PublicBoards.Contains(board, StringComparer.Ordinal))
        {
            return (options, null);
        }

        // Not a public board: only operators write it. Challenge (401) or forbid (403) through the auth handler's problems.
        return (null, context.User.Identity?.IsAuthenticated == true ? Results.Forbid() : Results.Challenge());
    }

    private static IResult BoardFull(HttpContext context, string board) =>
        Problem.Result(context, 409, "board_full", $"The public board '{board}' takes no new names; existing ones may still score.");

    private static IResult? ScoreProblem(HttpContext context, ScoreRequest request) =>
        string.IsNullOrWhiteSpace(request.User) || request.User.Length > MaxUserLength
            ? Problem.Result(context, 400, "invalid_user", $"user must be 1 to {MaxUserLength} characters.")
        : request.Score is not { } score || !double.IsFinite(score) || Math.Abs(score) > MaxScore
            ? Problem.Result(context, 400, "invalid_score", "score must be a finite number within ±1e12.")
        : null;

    private static IResult BadBoard(HttpContext context) =>
        Problem.Result(context, 400, "invalid_board", "A board name is 1 to 32 lower-case letters, digits or '-'.");
}
