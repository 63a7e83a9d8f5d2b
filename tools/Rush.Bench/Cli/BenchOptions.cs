using System.Globalization;

namespace Rush.Bench.Cli;

/// <summary>Which protocols a scenario drives.</summary>
[Flags]
internal enum ProtocolSelection
{
    /// <summary>REST over HTTP/1.1.</summary>
    Rest = 1,

    /// <summary>gRPC over HTTP/2 cleartext (prior knowledge).</summary>
    Grpc = 2,

    /// <summary>Both, REST first.</summary>
    Both = Rest | Grpc,
}

/// <summary>Which load models a scenario runs.</summary>
[Flags]
internal enum ModeSelection
{
    /// <summary>N workers sending back to back.</summary>
    Closed = 1,

    /// <summary>Fixed arrival rates, latency from the intended send time.</summary>
    Open = 2,

    /// <summary>Both, closed first.</summary>
    Both = Closed | Open,
}

/// <summary>order-to-screen: which screen hub the WebSocket clients watch (SCREENS.md).</summary>
internal enum ScreenHubSelection
{
    /// <summary><c>/ws/erp</c>: every order change at once, visible or not.</summary>
    Erp = 1,

    /// <summary><c>/ws/kds</c>: visible orders only (an order placed now is visible when its slot starts within 30 minutes).</summary>
    Kds = 2,
}

/// <summary>The command line: a scenario name and the options shared by every scenario.</summary>
internal sealed record BenchOptions
{
    /// <summary>Scenario to run (see <see cref="Scenarios.ScenarioRegistry"/>).</summary>
    public required string Scenario { get; init; }

    /// <summary>REST base address of the system under test.</summary>
    public Uri Target { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>gRPC h2c address of the system under test, as an http:// URI.</summary>
    public Uri Grpc { get; init; } = new("http://127.0.0.1:50051");

    /// <summary>Protocols to drive.</summary>
    public ProtocolSelection Protocol { get; init; } = ProtocolSelection.Both;

    /// <summary>Load models to run.</summary>
    public ModeSelection Mode { get; init; } = ModeSelection.Both;

    /// <summary>Measured time of each run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured time before each run's measurement starts.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Closed-loop concurrency; also the HTTP/1.1 connection pool size.</summary>
    public int Connections { get; init; } = 64;

    /// <summary>Open-loop arrival rates, requests per second.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [1000, 5000, 10000];

    /// <summary>Open loop: requests in flight beyond this are not sent and count as dropped.</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>How long requests still in flight at the end of a run may take before they are cancelled.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle time before each run against the system under test, so one run's background work does not spill into the next.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Path of the machine-readable report, if any.</summary>
    public string? Out { get; init; }

    /// <summary>Send a unique idempotency key with every request.</summary>
    public bool Idempotency { get; init; }

    /// <summary>Skip the in-process baseline runs.</summary>
    public bool NoBaseline { get; init; }

    /// <summary>order-to-screen: the screen hub to watch.</summary>
    public ScreenHubSelection Hub { get; init; } = ScreenHubSelection.Erp;

    /// <summary>order-to-screen: WebSocket screen clients, each measuring on its own.</summary>
    public int Screens { get; init; } = 4;

    /// <summary>login: seeded users to cycle through (user1..userN@rush.local).</summary>
    public int Users { get; init; } = 100_000;

    /// <summary>CPU table: pids of the processes to measure, <c>host=..,postgres=..,redis=..,rabbitmq=..</c> (else RUSH_BENCH_PIDS, else by port).</summary>
    public string? Pids { get; init; }

    /// <summary>Names of the options given on the command line (without "--"), so a scenario can tell its own defaults from the user's choice.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The arguments as given, for the report.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Usage text; <paramref name="scenarios"/> lists the registered scenarios.</summary>
    public static string Usage(IEnumerable<string> scenarios) => $"""
        Usage: dotnet run -c Release --project tools/Rush.Bench -- <scenario> [options]

        Scenarios: {string.Join(", ", scenarios)}

        Options:
          --target <url>         REST base address (default http://127.0.0.1:8080)
          --grpc <host:port>     gRPC h2c address (default 127.0.0.1:50051)
          --protocol <p>         rest | grpc | both (default both)
          --mode <m>             closed | open | both (default both)
          --duration <t>         measured time per run, e.g. 10s, 500ms, 1m (default 10s)
          --warmup <t>           unmeasured time before each run (default 3s)
          --connections <n>      closed-loop workers = HTTP/1.1 connections (default 64)
          --rates <r1,r2,...>    open-loop rates in requests/s (default 1000,5000,10000; order-to-screen 500,1000,2000,5000)
          --max-in-flight <n>    open loop: beyond this many in flight a request is dropped (default 10000)
          --drain <t>            time allowed for in-flight requests after a run ends (default 10s)
          --pause <t>            idle time between runs against Rush, for its background work to settle (default 2s)
          --out <path.json>      also write a machine-readable report
          --idempotency          send a unique idempotency key with every request
          --no-baseline          skip the in-process baseline runs
          --hub <h>              order-to-screen: screen hub to watch, erp | kds (default erp)
          --screens <n>          order-to-screen: WebSocket screen clients, each measuring on its own (default 4)
          --users <n>            login: seeded users to cycle through, user1..user<n>@rush.local (default 100000)
          --pids <name=pid,...>  kitchen-intake, cached-read: processes for the CPU table, host=..,postgres=..,redis=..,rabbitmq=..
                                 (default: RUSH_BENCH_PIDS, which ./rush bench sets, else the process listening on each port)
          --help                 this text
        """;

    /// <summary>Parses <paramref name="args"/>; returns an error message instead when they are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        string? scenario = null;
        var options = new BenchOptions { Scenario = "", Arguments = [.. args] };
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (scenario is not null)
                {
                    error = $"Unexpected argument '{arg}' (scenario already given: '{scenario}').";
                    return null;
                }

                scenario = arg;
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            given.Add(name);

            if (name is "idempotency" or "no-baseline" or "help")
            {
                if (inline is not null)
                {
                    error = $"Option --{name} takes no value.";
                    return null;
                }

                options = name switch
                {
                    "idempotency" => options with { Idempotency = true },
                    "no-baseline" => options with { NoBaseline = true },
                    _ => options with { Scenario = "help" },
                };
                if (name == "help")
                {
                    return options;
                }

                continue;
            }

            string value;
            if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                error = $"Option --{name} needs a value.";
                return null;
            }

            try
            {
                options = name switch
                {
                    "target" => options with { Target = ParseHttpUri(value, "--target") },
                    "grpc" => options with { Grpc = ParseGrpcAddress(value) },
                    "protocol" => options with { Protocol = ParseProtocol(value) },
                    "mode" => options with { Mode = ParseMode(value) },
                    "duration" => options with { Duration = ParseDuration(value, "--duration", allowZero: false) },
                    "warmup" => options with { Warmup = ParseDuration(value, "--warmup", allowZero: true) },
                    "drain" => options with { Drain = ParseDuration(value, "--drain", allowZero: false) },
                    "pause" => options with { Pause = ParseDuration(value, "--pause", allowZero: true) },
                    "connections" => options with { Connections = ParsePositiveInt(value, "--connections") },
                    "max-in-flight" => options with { MaxInFlight = ParsePositiveInt(value, "--max-in-flight") },
                    "rates" => options with { Rates = ParseRates(value) },
                    "hub" => options with { Hub = ParseHub(value) },
                    "screens" => options with { Screens = ParsePositiveInt(value, "--screens") },
                    "users" => options with { Users = ParsePositiveInt(value, "--users") },
                    "pids" => options with { Pids = ValidPids(value) },
                    "out" => options with { Out = value.Length == 0 ? throw new FormatException("--out needs a path.") : value },
                    _ => throw new FormatException($"Unknown option --{name}."),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        if (scenario is null)
        {
            error = "No scenario given.";
            return null;
        }

        return options with { Scenario = scenario, Given = given };
    }

    /// <summary>Parses 10s, 500ms, 2m, 1m30s, 0.5s or a bare number of seconds.</summary>
    public static TimeSpan ParseDuration(string text, string option, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.Trim().AsSpan();
        if (rest.IsEmpty)
        {
            throw new FormatException($"{option}: empty duration.");
        }

        var total = TimeSpan.Zero;
        while (!rest.IsEmpty)
        {
            var n = 0;
            while (n < rest.Length && (char.IsAsciiDigit(rest[n]) || rest[n] == '.'))
            {
                n++;
            }

            if (n == 0 || !double.TryParse(rest[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"{option}: '{text}' is not a duration (e.g. 10s, 500ms, 1m).");
            }

            rest = rest[n..];
            var u = 0;
            while (u < rest.Length && char.IsAsciiLetter(rest[u]))
            {
                u++;
            }

            var unit = rest[..u];
            rest = rest[u..];
            total += unit switch
            {
                "" or "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                "m" or "min" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => throw new FormatException($"{option}: unknown unit '{unit}' in '{text}' (use ms, s, m or h)."),
            };
        }

        if (total < TimeSpan.Zero || (!allowZero && total == TimeSpan.Zero))
        {
            throw new FormatException($"{option}: '{text}' must be {(allowZero ? "zero or more" : "more than zero")}.");
        }

        return total;
    }

    private static string ValidPids(string value)
    {
        _ = Cpu.ProcessDiscovery.Parse(value, "--pids");
        return value;
    }

    private static Uri ParseHttpUri(string value, string option)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{option}: '{value}' is not an http:// address.");
        }

        return uri;
    }

    private static Uri ParseGrpcAddress(string value) =>
        value.Contains("://", StringComparison.Ordinal) ? ParseHttpUri(value, "--grpc") : ParseHttpUri("http://" + value, "--grpc");

    private static ProtocolSelection ParseProtocol(string value) => value.ToUpperInvariant() switch
    {
        "REST" => ProtocolSelection.Rest,
        "GRPC" => ProtocolSelection.Grpc,
        "BOTH" => ProtocolSelection.Both,
        _ => throw new FormatException($"--protocol: '{value}' is not rest, grpc or both."),
    };

    private static ModeSelection ParseMode(string value) => value.ToUpperInvariant() switch
    {
        "CLOSED" => ModeSelection.Closed,
        "OPEN" => ModeSelection.Open,
        "BOTH" => ModeSelection.Both,
        _ => throw new FormatException($"--mode: '{value}' is not closed, open or both."),
    };

    private static ScreenHubSelection ParseHub(string value) => value.ToUpperInvariant() switch
    {
        "ERP" => ScreenHubSelection.Erp,
        "KDS" => ScreenHubSelection.Kds,
        _ => throw new FormatException($"--hub: '{value}' is not erp or kds."),
    };

    private static int ParsePositiveInt(string value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{option}: '{value}' is not a positive whole number.");

    private static List<double> ParseRates(string value)
    {
        var rates = new List<double>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = part.EndsWith('k') || part.EndsWith('K') ? part[..^1] : part;
            var scale = text.Length == part.Length ? 1 : 1000;
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate * scale <= 0)
            {
                throw new FormatException($"--rates: '{part}' is not a positive rate.");
            }

            rates.Add(rate * scale);
        }

        return rates.Count > 0 ? rates : throw new FormatException("--rates: no rate given.");
    }
}
