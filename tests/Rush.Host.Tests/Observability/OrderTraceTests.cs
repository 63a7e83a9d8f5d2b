using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Rush.Host.Tests.Orders;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Host.Tests.Observability;

/// <summary>One trace per order: from the REST request through Redis, the commit, the outbox, RabbitMQ and the consumer (in-memory exporter).</summary>
[Collection("servers")]
public sealed class OrderTraceTests(TestServers servers)
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)] // event batches: the order keeps its own publish span inside the batch message
    public async Task An_order_is_one_trace_from_the_request_across_the_broker_to_the_consumer_and_the_screens(int eventsPerMessage)
    {
        var spans = new SpanList();
        await using var host = await RushTestHost.StartAsync(servers,
            new Dictionary<string, string> { ["Observability:Tracing"] = "true", ["Outbox:EventsPerMessage"] = $"{eventsPerMessage}" },
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        string orderId;
        using (var placed = await OrderRequests.PostAsync(host.Rest, OrderRequests.SeedExampleJson()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            orderId = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString()!;
        }

        // The relay and the consumer run in the background: wait for the consumer's span of this order's trace, and for
        // the relay's publish span, which ends (and is exported) only when the broker's confirm arrives: under load the
        // consumer can be done before that.
        Activity[] trace = [];
        ActivityTraceId traceId = default;
        await Poll.UntilAsync(() =>
        {
            var all = spans.Snapshot();
            var store = all.FirstOrDefault(a => a.OperationName == "kitchen.order.store" && Equals(a.GetTagItem("rush.order.id"), orderId));
            traceId = store?.TraceId ?? default;
            trace = store is null ? [] : all.Where(a => a.TraceId == traceId).ToArray();
            return Task.FromResult(trace.Any(a => a.Kind == ActivityKind.Producer)
                && trace.Any(a => a.Kind == ActivityKind.Consumer && trace.Any(p => p.OperationName == "kitchen.order.project" && p.ParentSpanId == a.SpanId)));
        }, TimeSpan.FromSeconds(120), "the publish and consumer spans in the order's trace");

        var names = string.Join(", ", trace.Select(a => $"{a.Kind} {a.DisplayName}"));
        var request = Assert.Single(trace, a => a.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/orders", request.GetTagItem("http.route"));
        Assert.Contains(trace, a => a.Kind == ActivityKind.Client && a.DisplayName == "redis slot-reserve.lua");
        var publish = Assert.Single(trace, a => a.Kind == ActivityKind.Producer);
        Assert.Equal("pizza-orders publish", publish.DisplayName);
        var consume = Assert.Single(trace, a => a.Kind == ActivityKind.Consumer);
        Assert.Equal(publish.SpanId, consume.ParentSpanId);
        Assert.True(trace.Count(a => a.OperationName == "kitchen.order.project") >= 2, $"the fast path and the consumer project the order: {names}");

        // The group commit serves many orders in one transaction: its span is linked to this order's trace.
        var commit = spans.Snapshot().Single(a => a.OperationName == "kitchen.orders.commit" && a.Links.Any(l => l.Context.TraceId == traceId));
        Assert.Contains(spans.Snapshot(), a => a.Source.Name == "Npgsql" && a.ParentSpanId == commit.SpanId);
    }

    /// <summary>The exporter's collection; it is written from the threads that end spans while the test reads it.</summary>
    private sealed class SpanList : ICollection<Activity>
    {
        private readonly Lock _gate = new();
        private readonly List<Activity> _spans = [];

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _spans.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }

        public void Add(Activity item)
        {
            lock (_gate)
            {
                _spans.Add(item);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _spans.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_gate)
            {
                return _spans.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
