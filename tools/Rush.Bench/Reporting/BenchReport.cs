using System.Text.Json.Serialization;
using Rush.Bench.Load;
using Rush.Bench.Screens;

namespace Rush.Bench.Reporting;

/// <summary>What a scenario measured: baseline runs, runs against Rush, and sentences comparing them.</summary>
internal sealed record ScenarioResult
{
    /// <summary>Runs against the in-process baseline server.</summary>
    public IReadOnlyList<LoadResult> Baselines { get; init; } = [];

    /// <summary>Runs against the system under test.</summary>
    public IReadOnlyList<LoadResult> Results { get; init; } = [];

    /// <summary>Headline comparisons, e.g. "REST intake: 10,850 orders/s = 27% of baseline 40,100 req/s".</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>How to read the figures.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>order-to-screen: latency from each order's intended send time to its arrival on the screens, per rate.</summary>
    public IReadOnlyList<ScreenRunResult>? Screens { get; init; }

    /// <summary>Targets the scenario checks (e.g. "p99 ≤ 50 ms at 5,000/s") and whether this run met them.</summary>
    public IReadOnlyList<TargetVerdict>? Targets { get; init; }
}

/// <summary>A stated target and whether the run met it.</summary>
internal sealed record TargetVerdict
{
    /// <summary>The target, e.g. "p99 ≤ 50 ms at 5,000/s".</summary>
    public required string Target { get; init; }

    /// <summary>True when met, false when not; null when the run did not measure it (e.g. no run at that rate). Written even when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? Met { get; init; }

    /// <summary>The figures behind the verdict.</summary>
    public required string Detail { get; init; }
}

/// <summary>The whole report: where and how it ran, and the scenario's result.</summary>
internal sealed record BenchReport
{
    /// <summary>Scenario name.</summary>
    public required string Scenario { get; init; }

    /// <summary>What the scenario measures.</summary>
    public required string Description { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>The command line as given, in its <c>dotnet run</c> form.</summary>
    public required string CommandLine { get; init; }

    /// <summary>The program that actually ran (host and assembly path).</summary>
    public required string Process { get; init; }

    /// <summary>Machine and runtime.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>The settings the runs used.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The measurements.</summary>
    public required ScenarioResult Result { get; init; }
}
