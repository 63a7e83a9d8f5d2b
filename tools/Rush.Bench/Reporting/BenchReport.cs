using Rush.Bench.Load;

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
