using System.Globalization;
using Rush.Bench.Cli;
using Rush.Bench.Http;
using Rush.Bench.RateLimiting;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// rate-limited: what Rush's Redis-backed rate limiter costs. One in-process server (<see cref="LimitedServer"/>)
/// serves the same trivial GET with no policy, with a fixed-window and with a sliding-window policy; each limited
/// route is compared with the unlimited one in the same run (the "baseline" of the report). Target: the limiter costs
/// at most 10% throughput. Needs a Redis: <c>RUSH_REDIS</c> (StackExchange.Redis configuration) or
/// 127.0.0.1:<c>RUSH_REDIS_PORT</c> (6379), i.e. the one <c>./rush up</c> runs.
/// </summary>
internal sealed class RateLimitedScenario : IScenario
{
    private const double TargetShare = 0.90;

    /// <inheritdoc />
    public string Name => "rate-limited";

    /// <inheritdoc />
    public string Description => "rate limiter overhead: the same GET without a policy, with a fixed and with a sliding window (Redis Lua), in one run";

    private static string Redis => Environment.GetEnvironmentVariable("RUSH_REDIS") is { Length: > 0 } redis
        ? redis
        : "127.0.0.1:" + (Environment.GetEnvironmentVariable("RUSH_REDIS_PORT") is { Length: > 0 } port ? port : "6379") + ",abortConnect=false";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Given.Contains("protocol") && options.Protocol != ProtocolSelection.Rest)
        {
            throw new BenchException("rate-limited measures REST only (the limiter is the same middleware for gRPC).");
        }

        if (options.NoBaseline)
        {
            throw new BenchException("rate-limited is a comparison with the unlimited route; --no-baseline leaves nothing to compare.");
        }

        // Capacity is the question, so the closed loop unless the user asks for rates.
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            Mode = options.Given.Contains("mode") ? options.Mode : ModeSelection.Closed,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options) => [new("redis", Redis)];

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http11 = BenchHttpClients.Http11(context.Options.Connections);
        await using var server = await LimitedServer.StartAsync(Redis, cancellationToken).ConfigureAwait(false);
        context.Progress.WriteLine($"limited server (in this process): {server.BaseAddress}, Redis {Redis}");
        var plain = RestGetTarget.Fixed("GET without policy", http11, new Uri(server.BaseAddress, LimitedServer.PlainPath));
        TargetPair[] pairs =
        [
            new("fixed window", plain, RestGetTarget.Fixed("GET with fixed window", http11, new Uri(server.BaseAddress, LimitedServer.FixedPath))),
            new("sliding window", plain, RestGetTarget.Fixed("GET with sliding window", http11, new Uri(server.BaseAddress, LimitedServer.SlidingPath))),
        ];

        var result = await ComparisonPlan.RunAsync(context, pairs, "answers", cancellationToken).ConfigureAwait(false);
        var summary = new List<string>(result.Summary);
        var closed = result.Results.Where(r => r.Mode == "closed").ToList();
        for (var i = 0; i < Math.Min(closed.Count, result.Baselines.Count); i++)
        {
            var share = closed[i].OkPerSecond / Math.Max(1, result.Baselines[i].ResponsesPerSecond);
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"{pairs[i].Label}: the limiter costs {1 - share:P0} of throughput (target <= 10%: {(share >= TargetShare ? "met" : "NOT met")})"));
        }

        if (server.FellBack)
        {
            summary.Add("WARNING: Redis failed during the run and the limiter decided locally; the figures are not Redis's.");
        }

        var notes = new List<string>
        {
            "All three routes run the same handler in one in-process Kestrel server with Rush's rate limiting (ASP.NET Core middleware, "
                + "Redis Lua per request, one partition: every request comes from 127.0.0.1); the limits are too high to be reached, so every "
                + "request is allowed after one EVALSHA round trip.",
            "Baseline = the route without a policy, run right before each limited route with the same client and connections.",
            "The load generator, the server and Redis share this machine's cores, so the share, not the absolute rate, is the figure.",
        };
        return result with { Summary = summary, Notes = notes };
    }
}
