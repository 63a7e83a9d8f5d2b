using System.Diagnostics;
using System.Globalization;
using System.Net;
using Rush.Testing;

namespace Rush.EndToEnd.Tests.Support;

/// <summary>
/// Rush.Host as a separate OS process (<c>dotnet Rush.Host.dll</c>), so a test can SIGKILL it like a crash:
/// no disposal, no graceful shutdown, nothing flushed.
/// </summary>
/// <remarks>
/// The working directory lies under <c>$RUSH_TEST_TMP</c> when set, so <c>./rush test</c> sweeps a host that
/// a crashed test run left behind. Output is kept (the last lines) for failure messages.
/// </remarks>
internal sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private static readonly Lazy<string> LazyHostDll = new(FindHostDll);

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _gate = new();
    private readonly string _workingDirectory;

    private HostProcess(Process process, int httpPort, string workingDirectory)
    {
        _process = process;
        HttpPort = httpPort;
        _workingDirectory = workingDirectory;
    }

    /// <summary>src/Rush.Host/bin/{the tests' configuration}/net10.0/Rush.Host.dll.</summary>
    public static string HostDll => LazyHostDll.Value;

    public int HttpPort { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host wrote (stdout and stderr).</summary>
    public string OutputTail
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Runs <c>Rush.Host migrate-and-seed</c> to completion; throws with its output unless it exits 0.</summary>
    public static async Task MigrateAndSeedAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        await using var seed = Start(settings, ["migrate-and-seed"], httpPort: 0);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await seed._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"migrate-and-seed did not finish within {timeout.TotalSeconds} s:{Environment.NewLine}{seed.OutputTail}");
        }

        // The asynchronous readers may still be delivering the last lines.
        seed._process.WaitForExit();
        if (seed._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate-and-seed exited with {seed._process.ExitCode}:{Environment.NewLine}{seed.OutputTail}");
        }
    }

    /// <summary>Starts the host with <paramref name="settings"/> (configuration keys, given as environment variables).</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? args = null, int? httpPort = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = WorkingDirectory(),
        };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        // The test process's own settings (e.g. ASPNETCORE_ENVIRONMENT of a developer shell) must not leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                     || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                     || k.StartsWith("Kitchen__", StringComparison.Ordinal)
                     || k.StartsWith("Server__", StringComparison.Ordinal)
                     || k.StartsWith("RateLimiting__", StringComparison.Ordinal)
                     || k.StartsWith("Ticketing__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        // The tests drive the host hard from loopback; rate limiting has its own tests (Rush.Host.Tests).
        start.Environment["RateLimiting__ExemptNetworks__0"] = "127.0.0.0/8";
        // These tests pay nothing: a gateway nobody listens on, with throwaway merchant secrets.
        start.Environment["Ticketing__Gateway__BaseUrl"] = "http://127.0.0.1:9/api/v1";
        start.Environment["Ticketing__Gateway__TeamSlug"] = "rush-test";
        start.Environment["Ticketing__Gateway__Password"] = "test-merchant-password";
        start.Environment["Ticketing__Gateway__WebhookSecret"] = "test-webhook-secret";
        // Its own /metrics port: the default 9464 would collide between hosts running side by side.
        start.Environment["Server__ManagementPort"] = Ports.FreeTcpPort().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var port = httpPort ?? int.Parse(settings["Server:HttpPort"], CultureInfo.InvariantCulture);
        var host = new HostProcess(process, port, start.WorkingDirectory);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName} {HostDll}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Polls <c>/health/ready</c> (Postgres, Redis and the event log reachable) until it answers 200, as a load
    /// balancer would before sending traffic; fails at once if the process exits.
    /// </summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => WaitUntilHealthyAsync("/health/ready", timeout);

    private async Task WaitUntilHealthyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Rush.Host exited with {_process.ExitCode} before {path} answered:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, timeout, $"Rush.Host (pid {Id}) to answer {path} on port {HttpPort}");
    }

    /// <summary>
    /// SIGKILL now (Process.Kill sends SIGKILL on Linux), without waiting. Only the process itself: the host
    /// has no children, and walking the process tree first would give it time to answer more requests.
    /// </summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>SIGKILL (with any descendants) and wait until the process is gone.</summary>
    public async Task KillHardAsync()
    {
        Kill();
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillHardAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: ./rush test sweeps $RUSH_TEST_TMP anyway.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
            {
                _ = _output.Dequeue();
            }
        }
    }

    private static string FindHostDll()
    {
        // AppContext.BaseDirectory is .../tests/Rush.EndToEnd.Tests/bin/{Configuration}/net10.0/: the host is
        // built in the same configuration (it is a project reference), so prefer that one.
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
        var candidates = new[] { own, "Release", "Debug" }
            .Distinct(StringComparer.Ordinal)
            .Select(c => Path.Combine(RepoPaths.Root, "src", "Rush.Host", "bin", c, "net10.0", "Rush.Host.dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Rush.Host is not built: none of {string.Join(", ", candidates)} exists (dotnet build src/Rush.Host -c {own}).");
    }

    private static string DotnetExecutable()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return "dotnet";
    }

    private static string WorkingDirectory()
    {
        var parent = Environment.GetEnvironmentVariable("RUSH_TEST_TMP");
        if (string.IsNullOrEmpty(parent) || !Directory.Exists(parent))
        {
            parent = Path.GetTempPath();
        }

        return Directory.CreateDirectory(Path.Combine(parent, "rush-host-" + Guid.NewGuid().ToString("N")[..10])).FullName;
    }
}
