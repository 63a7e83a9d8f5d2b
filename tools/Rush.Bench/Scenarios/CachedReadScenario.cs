using Rush.Bench.Baseline;
using Rush.Bench.Cli;
using Rush.Bench.Cpu;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// cached-read: public lists served through the platform cache (memory in front of Redis in front of Postgres), REST GET,
/// each compared with <c>GET /baseline</c> of the in-process Kestrel server. Target (issue 4): ≥ 70% of the baseline.
/// </summary>
internal sealed class CachedReadScenario : IScenario
{
    /// <summary>The target: cached reads at this share of the same-run baseline or better.</summary>
    public const double TargetShare = 0.70;

    /// <summary>
    /// The cached lists measured, in order. Add the events list here when Ticketing has it, e.g.
    /// <c>new("events list", "/api/v1/events")</c>; nothing else changes.
    /// </summary>
    public static IReadOnlyList<CachedRoute> Routes { get; } =
    [
        new("menu list", "/api/v1/menu"),
        new("events list", "/api/events"),
    ];

    /// <inheritdoc />
    public string Name => "cached-read";

    /// <inheritdoc />
    public string Description => "cached public lists over REST GET (" + string.Join(", ", Routes.Select(r => r.Path)) + ") against an in-process baseline";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Given.Contains("protocol") && options.Protocol != ProtocolSelection.Rest)
        {
            throw new BenchException("cached-read reads over REST only (leave out --protocol, or --protocol rest).");
        }

        // Throughput against the baseline is the question, so the closed loop unless open-loop rates are asked for.
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            Mode = options.Given.Contains("mode") ? options.Mode : ModeSelection.Closed,
        };
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options) =>
        [new("routes", string.Join(", ", Routes.Select(r => r.Path)))];

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http11 = BenchHttpClients.Http11(options.Connections);
        await using var cpu = await CpuMeter.StartAsync(options, context.Progress).ConfigureAwait(false);
        BaselineServer? baseline = null;
        if (!options.NoBaseline)
        {
            baseline = await BaselineServer.StartAsync(cancellationToken).ConfigureAwait(false);
            context.Progress.WriteLine($"baseline server (in this process): REST {baseline.RestBase}");
        }

        try
        {
            var pairs = Routes.Select(route => new TargetPair(
                route.Label,
                baseline is null ? null : RestGetTarget.Fixed("REST baseline", http11, new Uri(baseline.RestBase, BaselineServer.RestPath)),
                RestGetTarget.Fixed($"REST Rush {route.Path}", http11, new Uri(options.Target, route.Path)))).ToList();
            var result = await ComparisonPlan.RunAsync(context, pairs, "reads", cancellationToken, cpu).ConfigureAwait(false);
            var notes = new List<string>
            {
                $"Target (issue 4): cached reads at ≥ {TargetShare:P0} of the same-run baseline (closed loop, same connection count).",
                "The baseline is GET /baseline of a trivial Kestrel server inside this bench process (a constant ~90-byte JSON); "
                    + "Rush answers the whole cached list (the demo menu is ~2 KB of JSON) from its in-process copy, asking Redis every 5 s "
                    + "and Postgres every 60 s. Rush's host runs in another process competing for the same cores.",
                "Percent of baseline = Rush 2xx answers/s divided by baseline answers/s. A 429 (a rate limiter in front of the route) "
                    + "is counted as refused, not as a read: exempt the bench's address from rate limits to measure the cache.",
            };
            notes.AddRange(cpu.Notes);
            notes.Add(CpuMeter.Explanation);
            return result with { Notes = notes };
        }
        finally
        {
            if (baseline is not null)
            {
                await baseline.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
