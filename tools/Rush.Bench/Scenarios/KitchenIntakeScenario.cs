using Rush.Bench.Baseline;
using Rush.Bench.Cli;
using Rush.Bench.Cpu;
using Rush.Bench.Http;
using Rush.Bench.Reporting;

namespace Rush.Bench.Scenarios;

/// <summary>
/// kitchen-intake: order intake throughput and latency. REST <c>POST /api/v1/orders</c> (HTTP/1.1 keep-alive) and
/// gRPC <c>rush.kitchen.v1.OrderService/CreateOrder</c> (h2c), each compared with the same requests against a
/// trivial in-process Kestrel endpoint.
/// </summary>
internal sealed class KitchenIntakeScenario : IScenario
{
    /// <summary>gRPC method path.</summary>
    public const string GrpcPath = "/rush.kitchen.v1.OrderService/CreateOrder";

    /// <summary>REST path.</summary>
    public const string RestPath = "/api/v1/orders";

    /// <inheritdoc />
    public string Name => "kitchen-intake";

    /// <inheritdoc />
    public string Description => "order intake, REST POST /api/v1/orders and gRPC OrderService/CreateOrder, against an in-process baseline";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var idempotency = options.Idempotency;
        using var http11 = BenchHttpClients.Http11(options.Connections);
        using var http2 = BenchHttpClients.Http2(options.Connections);
        var json = KitchenOrderPayloads.Json(idempotency);
        var grpc = KitchenOrderPayloads.Grpc(idempotency);

        await using var cpu = await CpuMeter.StartAsync(options, context.Progress).ConfigureAwait(false);
        BaselineServer? baseline = null;
        if (!options.NoBaseline)
        {
            baseline = await BaselineServer.StartAsync(cancellationToken).ConfigureAwait(false);
            context.Progress.WriteLine($"baseline server (in this process): REST {baseline.RestBase}, gRPC h2c {baseline.GrpcBase}");
        }

        try
        {
            var pairs = new List<TargetPair>();
            if (options.Protocol.HasFlag(ProtocolSelection.Rest))
            {
                pairs.Add(new TargetPair(
                    "REST intake",
                    baseline is null ? null : new RestPostTarget("REST baseline", http11, new Uri(baseline.RestBase, BaselineServer.RestPath), json),
                    new RestPostTarget("REST Rush", http11, new Uri(options.Target, RestPath), json)));
            }

            if (options.Protocol.HasFlag(ProtocolSelection.Grpc))
            {
                pairs.Add(new TargetPair(
                    "gRPC intake",
                    baseline is null ? null : new GrpcUnaryTarget("gRPC baseline", http2, new Uri(baseline.GrpcBase, GrpcPath), grpc),
                    new GrpcUnaryTarget("gRPC Rush", http2, new Uri(options.Grpc, GrpcPath), grpc)));
            }

            var result = await ComparisonPlan.RunAsync(context, pairs, "orders", cancellationToken, cpu).ConfigureAwait(false);
            var notes = new List<string>
            {
                "The baseline is a trivial Kestrel endpoint running inside this bench process (it reads the body and answers 201 JSON, "
                    + "or a framed empty OrderResponse with grpc-status 0): the same client, bodies and connection settings, no work behind it. "
                    + "It shares the CPU with the load generator, so it is a ceiling for this machine and client, not a property of Rush; "
                    + "Rush's host runs in another process competing for the same cores.",
                "Percent of baseline = Rush orders/s (201 / grpc-status 0 only) divided by baseline answers/s, both closed loop with the same connection count.",
                $"REST: HTTP/1.1 keep-alive, a pool of {options.Connections} connections. gRPC: HTTP/2 prior knowledge (h2c), "
                    + "one connection plus more when the server's concurrent-stream limit is reached.",
                "Open loop latency is measured from each request's intended send time, so client-side queueing (waiting for a free "
                    + "HTTP/1.1 connection, a late dispatcher) counts. The dispatcher wakes about every millisecond and sends the requests due since.",
                $"Bodies: the seed's example order (Пицца Классическая x2) for {KitchenOrderPayloads.Customers:N0} cycling customer ids"
                    + (idempotency ? "; a unique idempotency key per request (Idempotency-Key header / request_id)." : "; no idempotency key."),
                "Each figure covers only the measured window after the warmup; requests still in flight at the end of a closed-loop run are not counted.",
            };
            notes.AddRange(cpu.Notes);
            notes.Add(CpuMeter.Explanation);
            return result with { Notes = notes };
        }
        finally
        {
            if (baseline is not null)
            {
                await baseline.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
