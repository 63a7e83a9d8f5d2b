using Rush.Bench.Cli;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// events-browse: the public catalogue under load — <c>GET /api/events</c> pages with and without filters, and
/// <c>GET /api/events/search</c> full-text queries in Russian and English, each as its own run.
/// </summary>
internal sealed class EventsBrowseScenario : IScenario
{
    private static readonly string[] ListQueries =
    [
        "", "?page=2", "?page=5", "?type=concert", "?type=theatre&page=3", "?provider=Ticketon", "?type=sport&provider=Afisha",
        "?query=%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82", "?pageSize=10&page=40",
    ];

    private static readonly string[] SearchWords =
    [
        "концерты", "спектакль", "hamlet", "festival", "стендап", "выставка", "jazz", "tribute", "Астана", "opera",
    ];

    /// <inheritdoc />
    public string Name => "events-browse";

    /// <inheritdoc />
    public string Description => "public catalogue: GET /api/events pages with filters, and GET /api/events/search (FTS)";

    /// <inheritdoc />
    public BenchOptions Prepare(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Protocol = ProtocolSelection.Rest,
            NoBaseline = true,
            Mode = options.Given.Contains("mode") ? options.Mode : ModeSelection.Closed,
        };
    }

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        using var http = BenchHttpClients.Http11(options.Connections);
        var list = new RestGetTarget("events list", $"GET {new Uri(options.Target, "/api/events")} ({ListQueries.Length} filter/page variants)", http,
            i => RestGetTarget.Get(new Uri(options.Target, "/api/events" + ListQueries[i % ListQueries.Length])));
        var search = new RestGetTarget("events search", $"GET {new Uri(options.Target, "/api/events/search")} ({SearchWords.Length} words)", http,
            i => RestGetTarget.Get(new Uri(options.Target, "/api/events/search?q=" + Uri.EscapeDataString(SearchWords[i % SearchWords.Length]))));
        var result = await ComparisonPlan.RunAsync(context, [new TargetPair("events list", null, list), new TargetPair("events search", null, search)], "answers", cancellationToken)
            .ConfigureAwait(false);
        return result with
        {
            Notes =
            [
                "Every answer is read from Postgres unless the host caches the events list (seed 002: 1 h); compare runs with and without the cache.",
                "The list reads events_current (the last 3 months and the future, older partitions pruned); search ranks with ts_rank over the same window.",
                "No baseline: the in-process baseline server has no GET route; the kitchen-intake baseline figures are the ceiling reference.",
            ],
        };
    }
}
