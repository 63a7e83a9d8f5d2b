using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rush.Testing;

namespace Rush.EndToEnd.Tests.Support;

/// <summary>What grpc-js answered: the response (proto field names) or the status code and details.</summary>
/// <param name="Ok">The call succeeded.</param>
/// <param name="Response">When <paramref name="Ok"/>: the <c>OrderResponse</c> as grpc-js decoded it, or the line other scripts print.</param>
/// <param name="Code">gRPC status code (only when not <paramref name="Ok"/>).</param>
/// <param name="CodeName">grpc-js's name of the code, e.g. RESOURCE_EXHAUSTED.</param>
/// <param name="Details">The status message.</param>
/// <param name="Raw">The line client.js printed, for assertion messages.</param>
internal sealed record GrpcJsResult(bool Ok, JsonElement Response, int Code, string CodeName, string Details, string Raw)
{
    public string Field(string name) => Response.GetProperty(name).ToString();
}

/// <summary>
/// Calls Rush's gRPC port with @grpc/grpc-js (a gRPC implementation no one here wrote) by running the
/// scripts in <c>grpc-client/</c> under Node as child processes.
/// </summary>
internal static class GrpcJsClient
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public static string ClientDirectory => Path.Combine(RepoPaths.Root, "tests", "Rush.EndToEnd.Tests", "grpc-client");

    public static string OrdersProto => Path.Combine(RepoPaths.Root, "src", "Rush.Contracts", "Protos", "rush", "kitchen", "v1", "orders.proto");

    /// <summary>Sends <paramref name="request"/> (an object serialized with proto field names) with a deadline.</summary>
    public static async Task<GrpcJsResult> CreateOrderAsync(int grpcPort, object request, int deadlineMs = 10_000) =>
        ToResult(await RunAsync("client.js", Address(grpcPort), OrdersProto, JsonSerializer.Serialize(request), deadlineMs.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A unary call to any method path with raw request bytes (health.js, reflection.js, raw-call.js beside client.js).</summary>
    public static async Task<GrpcJsResult> RawCallAsync(int grpcPort, string method, byte[] request) =>
        ToResult(await RunAsync("raw-call.js", Address(grpcPort), method, Convert.ToHexString(request)));

    /// <summary>grpc.health.v1.Health/Check for <paramref name="service"/> ("" = the whole server).</summary>
    public static async Task<GrpcJsResult> CheckHealthAsync(int grpcPort, string service = "") =>
        ToResult(await RunAsync("health.js", Address(grpcPort), service));

    /// <summary>Server reflection: the services listed and, for <paramref name="symbol"/>, the file that defines it.</summary>
    public static async Task<JsonElement> ReflectAsync(int grpcPort, string symbol) =>
        await RunAsync("reflection.js", Address(grpcPort), symbol);

    private static string Address(int grpcPort) => $"127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}";

    private static GrpcJsResult ToResult(JsonElement root) =>
        root.GetProperty("ok").GetBoolean()
            ? new GrpcJsResult(true, root.TryGetProperty("response", out var response) ? response : root, 0, "OK", "", root.GetRawText())
            : new GrpcJsResult(false, default, root.GetProperty("code").GetInt32(), root.GetProperty("codeName").GetString() ?? "",
                root.GetProperty("details").GetString() ?? "", root.GetRawText());

    /// <summary>Runs one of the scripts under Node and parses the one JSON line it prints.</summary>
    private static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException(
                $"grpc-js is not installed: run `npm ci` in {ClientDirectory} (./rush deps does it).");
        }

        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = ClientDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(ClientDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(ProcessTimeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"node {script} did not finish within {ProcessTimeout.TotalSeconds} s. stderr: {await stderr}");
            }
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}. stdout: {output} stderr: {errors}");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"node {script} printed nothing. stderr: {errors}");
        using var json = JsonDocument.Parse(line);
        return json.RootElement.Clone();
    }
}
