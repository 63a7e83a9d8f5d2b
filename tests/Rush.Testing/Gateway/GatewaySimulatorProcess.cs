using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Rush.Testing.Servers;

namespace Rush.Testing.Gateway;

/// <summary>
/// The payment gateway simulator (src/Rush.PaymentGateway.Simulator) as a real separate process on a free
/// port, with a fresh merchant (team slug, random password and webhook secret), and its admin controls
/// (called with the process's random admin token).
/// </summary>
/// <remarks>
/// The simulator must be built in the tests' configuration: a test project that uses this adds
/// <c>&lt;ProjectReference Include="../../src/Rush.PaymentGateway.Simulator/Rush.PaymentGateway.Simulator.csproj" ReferenceOutputAssembly="false" Private="false" /&gt;</c>
/// (<c>Private="false"</c> keeps the simulator's appsettings.json from overwriting Rush.Host's in the test output).
/// The PID is owned like the other servers' (SIGKILLed if the test process dies).
/// </remarks>
public sealed class GatewaySimulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly ServerProcess _process;
    private readonly string _directory;
    private readonly HttpClient _admin;

    private GatewaySimulatorProcess(ServerProcess process, string directory, int port, string password, string webhookSecret, string adminToken)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Password = password;
        WebhookSecret = webhookSecret;
        AdminToken = adminToken;
        BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        _admin = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>The merchant's team slug.</summary>
    public const string TeamSlug = "rush-test";

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The merchant API base, <c>http://127.0.0.1:PORT/api/v1</c> (what <c>Ticketing:Gateway:BaseUrl</c> takes).</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "api/v1");

    /// <summary>The merchant's password (random per process).</summary>
    public string Password { get; }

    /// <summary>The webhook signing secret (random per process).</summary>
    public string WebhookSecret { get; }

    /// <summary>Bearer token of the <c>/admin</c> routes (random per process); the methods below send it.</summary>
    public string AdminToken { get; }

    /// <summary>The last lines the simulator wrote.</summary>
    public string OutputTail => _process.OutputTail();

    /// <summary>src/Rush.PaymentGateway.Simulator/bin/{the tests' configuration}/net10.0/Rush.PaymentGateway.Simulator.dll.</summary>
    public static string SimulatorDll
    {
        get
        {
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
            var candidates = new[] { own, "Release", "Debug" }.Distinct(StringComparer.Ordinal)
                .Select(c => Path.Combine(RepoPaths.Root, "src", "Rush.PaymentGateway.Simulator", "bin", c, "net10.0", "Rush.PaymentGateway.Simulator.dll"))
                .ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"The gateway simulator is not built: none of {string.Join(", ", candidates)} exists (dotnet build src/Rush.PaymentGateway.Simulator -c {own}).");
        }
    }

    /// <summary>
    /// Starts the simulator and waits until it answers. <paramref name="settings"/> are extra configuration keys
    /// (e.g. <c>Gateway:WebhookMaxAttempts</c>, <c>Gateway:Faults:InitAbortProbability</c>).
    /// </summary>
    public static async Task<GatewaySimulatorProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var directory = TestDirectory.Create("gateway");
        var port = Ports.FreeTcpPort();
        var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
        var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var adminToken = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__TeamSlug"] = TeamSlug,
            ["Gateway__Password"] = password,
            ["Gateway__WebhookSecret"] = secret,
            ["Gateway__AdminToken"] = adminToken,
            ["Gateway__WebhookRetryDelay"] = "00:00:00.2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = ServerProcess.Start(
            new CommandLine(DotnetExecutable(), SimulatorDll, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")),
            directory, environment);
        var simulator = new GatewaySimulatorProcess(process, directory, port, password, secret, adminToken);
        try
        {
            await simulator.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Replaces the fault set (<c>PUT /admin/faults</c>); keys left out go back to 0 (off). <c>new { }</c> makes it healthy.</summary>
    public async Task SetFaultsAsync(object faults, CancellationToken cancellationToken = default)
    {
        using var response = await _admin.PutAsJsonAsync("admin/faults", faults, cancellationToken).ConfigureAwait(false);
        await EnsureOkAsync(response, "PUT /admin/faults", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A payment with its webhooks (<c>GET /admin/payments/{id}</c>): <c>{"payment":{...},"webhooks":[...]}</c>.</summary>
    public async Task<JsonElement> GetPaymentAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        using var response = await _admin.GetAsync(new Uri($"admin/payments/{Uri.EscapeDataString(paymentId)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureOkAsync(response, "GET /admin/payments", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pays a payment without the form (<c>POST /admin/payments/{id}/complete</c>); outcome <c>success</c>, <c>declined</c>, ... or <c>expired</c>.</summary>
    public async Task<JsonElement> CompleteAsync(string paymentId, string outcome, CancellationToken cancellationToken = default)
    {
        using var response = await _admin.PostAsJsonAsync(new Uri($"admin/payments/{Uri.EscapeDataString(paymentId)}/complete", UriKind.Relative),
            new Dictionary<string, string> { ["outcome"] = outcome }, cancellationToken).ConfigureAwait(false);
        await EnsureOkAsync(response, "POST /admin/payments/complete", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _process.TerminateAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        _process.Dispose();
        TestDirectory.DeleteQuietly(_directory);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(async ct =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway simulator exited during start-up:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await _admin.GetAsync(new Uri("health", UriKind.Relative), ct).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ReadyTimeout, $"the gateway simulator to answer on port {Port}", cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureOkAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{call} answered {(int)response.StatusCode}: {body}{Environment.NewLine}{OutputTail}");
        }
    }

    private static string DotnetExecutable()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
