using Rush.Bench.Cli;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// One benchmark scenario. A new scenario is one class implementing this plus one line in
/// <see cref="ScenarioRegistry"/>; the load runners, the baseline server, the pre-flight check and the report are shared
/// (see <see cref="ComparisonPlan"/>).
/// </summary>
internal interface IScenario
{
    /// <summary>Name on the command line, e.g. "kitchen-intake".</summary>
    string Name { get; }

    /// <summary>One line: what is measured.</summary>
    string Description { get; }

    /// <summary>
    /// The options this scenario runs with: its own defaults for options the user did not give
    /// (<see cref="BenchOptions.Given"/>); throws <see cref="BenchException"/> for options it cannot honour.
    /// Applied before the run and before the settings are reported. The default keeps the options as they are.
    /// </summary>
    BenchOptions Prepare(BenchOptions options) => options;

    /// <summary>Settings only this scenario uses, added to the report's settings. The default adds none.</summary>
    IEnumerable<KeyValuePair<string, string>> ExtraSettings(BenchOptions options) => [];

    /// <summary>Runs the scenario; throws <see cref="BenchException"/> for a problem the user must fix (target down, bad answer).</summary>
    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}

/// <summary>What a scenario gets: the options, and where to write progress.</summary>
internal sealed record ScenarioContext(BenchOptions Options, TextWriter Progress);

/// <summary>A failure to explain to the user without a stack trace.</summary>
internal sealed class BenchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BenchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BenchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public BenchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
