using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rush.Testing;

namespace Rush.EndToEnd.Tests.Support;

/// <summary>What grpc-js answered: the response (proto field names) or the status code and details.</summary>
/// <param name="Ok">The call succeeded.</param>
/// <param name="Response">The <c>OrderResponse</c> as grpc-js decoded it (only when <paramref name="Ok"/>).</param>
/// <param name="Code">gRPC status code (only when not <paramref name="Ok"/>).</param>
/// <param name="CodeName">grpc-js's name of the code, e.g. RESOURCE_EXHAUSTED.</param>
/// <param name="Details">The status message.</param>
/// <param name="Raw">The line client.js printed, for assertion messages.</param>
internal sealed record GrpcJsResult(bool Ok, JsonElement Response, int Code, string CodeName, string Details, string Raw)
{
    public string Field(string name) => Response.GetProperty(name).ToString();
}

/// <summary>
/// Calls <c>rush.kitchen.v1.OrderService/CreateOrder</c> with @grpc/grpc-js (a gRPC implementation no one
/// here wrote) by running <c>grpc-client/client.js</c> under Node as a child process.
/// </summary>
internal static class GrpcJsClient
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public static string ClientDirectory => Path.Combine(RepoPaths.Root, "tests", "Rush.EndToEnd.Tests", "grpc-client");

    public static string OrdersProto => Path.Combine(RepoPaths.Root, "src", "Rush.Contracts", "Protos", "rush", "kitchen", "v1", "orders.proto");

    /// <summary>Sends <paramref name="request"/> (an object serialized with proto field names) with a deadline.</summary>
    public static async Task<GrpcJsResult> CreateOrderAsync(int grpcPort, object request, int deadlineMs = 10_000)
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
        start.ArgumentList.Add(Path.Combine(ClientDirectory, "client.js"));
        start.ArgumentList.Add($"127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add(OrdersProto);
        start.ArgumentList.Add(JsonSerializer.Serialize(request));
        start.ArgumentList.Add(deadlineMs.ToString(CultureInfo.InvariantCulture));

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
                throw new TimeoutException($"node client.js did not finish within {ProcessTimeout.TotalSeconds} s. stderr: {await stderr}");
            }
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node client.js exited with {process.ExitCode}. stdout: {output} stderr: {errors}");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"node client.js printed nothing. stderr: {errors}");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return root.GetProperty("ok").GetBoolean()
            ? new GrpcJsResult(true, root.GetProperty("response").Clone(), 0, "OK", "", line)
            : new GrpcJsResult(false, default, root.GetProperty("code").GetInt32(), root.GetProperty("codeName").GetString() ?? "",
                root.GetProperty("details").GetString() ?? "", line);
    }
}
