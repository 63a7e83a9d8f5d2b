using System.Globalization;
using Rush.Bench.Cli;
using Rush.Bench.Reporting;
using Rush.Bench.Scenarios;

var names = new List<string>();
foreach (var s in ScenarioRegistry.All)
{
    names.Add(s.Name);
}

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage(names));
    return 64;
}

if (options.Scenario == "help")
{
    Console.WriteLine(BenchOptions.Usage(names));
    return 0;
}

var scenario = ScenarioRegistry.Find(options.Scenario);
if (scenario is null)
{
    Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'. Known: {string.Join(", ", names)}.");
    return 64;
}

try
{
    options = scenario.Prepare(options);
}
catch (BenchException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 64;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var date = DateTimeOffset.UtcNow;
var progress = Console.Error;
ScenarioResult result;
try
{
    result = await scenario.RunAsync(new ScenarioContext(options, progress), cancel.Token);
}
catch (BenchException e)
{
    progress.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    progress.WriteLine("cancelled");
    return 130;
}

var report = new BenchReport
{
    Scenario = scenario.Name,
    Description = scenario.Description,
    Date = date,
    CommandLine = CommandLine(args),
    Process = $"{Environment.ProcessPath} {Environment.GetCommandLineArgs()[0]} (pid {Environment.ProcessId})",
    Machine = MachineInfo.Current(),
    Settings = Settings(options, scenario.ExtraSettings(options)),
    Result = result,
};
TextReport.Write(report, Console.Out);
if (options.Out is { } path)
{
    await JsonReport.WriteAsync(report, path, CancellationToken.None);
    Console.WriteLine($"JSON report: {Path.GetFullPath(path)}");
}

return 0;

static string CommandLine(string[] args)
{
    var parts = new List<string> { "dotnet run -c Release --project tools/Rush.Bench --" };
    foreach (var arg in args)
    {
        parts.Add(arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '\\' or ';' or '&' or '|') ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'");
    }

    return string.Join(' ', parts);
}

static Dictionary<string, string> Settings(BenchOptions o, IEnumerable<KeyValuePair<string, string>> extra)
{
    var inv = CultureInfo.InvariantCulture;
    var settings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["target"] = o.Target.ToString(),
        ["grpc"] = o.Grpc.ToString(),
        ["protocol"] = o.Protocol.ToString().ToLowerInvariant().Replace(", ", "+", StringComparison.Ordinal),
        ["mode"] = o.Mode.ToString().ToLowerInvariant().Replace(", ", "+", StringComparison.Ordinal),
        ["duration"] = Format.Duration(o.Duration),
        ["warmup"] = Format.Duration(o.Warmup),
        ["connections"] = o.Connections.ToString(inv),
        ["rates"] = string.Join(',', o.Rates.Select(r => r.ToString(inv))),
        ["maxInFlight"] = o.MaxInFlight.ToString(inv),
        ["drain"] = Format.Duration(o.Drain),
        ["pause"] = Format.Duration(o.Pause),
        ["idempotency"] = o.Idempotency ? "on" : "off",
        ["baseline"] = o.NoBaseline ? "off" : "in-process",
    };
    foreach (var (key, value) in extra)
    {
        settings[key] = value;
    }

    return settings;
}
