using Microsoft.Extensions.Options;
using Rush.Kitchen.Capacity;
using Rush.Kitchen.Projection;
using Rush.Kitchen.Slots;
using Rush.Platform.Messaging;
using Rush.Platform.Observability;

namespace Rush.Kitchen.Observability;

/// <summary>Samples slot utilisation and the consumer group's backlog into <see cref="KitchenMetrics"/>.</summary>
/// <remarks>
/// <c>slot="current"</c> is the first slot an order placed now can go into, <c>slot="next"</c> the one after
/// it: "current above 90%" is when intake is about to start walking orders into later slots.
/// A closed kitchen reports 0. One MGET + HGETs and one queue inspection per sample interval.
/// </remarks>
public sealed class KitchenLoadProbe(
    KitchenCalendar calendar,
    SlotLoadReader loads,
    RabbitMqEventLog broker,
    IOptions<ProjectionOptions> projection,
    TimeProvider clock) : IMetricsProbe
{
    private static readonly string[] SlotTags = ["current", "next"];

    /// <inheritdoc />
    public async Task SampleAsync(CancellationToken ct)
    {
        // Both figures are sampled even if one dependency is down.
        var slots = SampleSlotsAsync();
        var backlog = SampleBacklogAsync(ct);
        await Task.WhenAll(slots, backlog);
    }

    private async Task SampleSlotsAsync()
    {
        var candidates = calendar.CandidateSlots(clock.GetUtcNow()).Take(SlotTags.Length).ToList();
        var read = await loads.ReadAsync(candidates);
        for (var i = 0; i < SlotTags.Length; i++)
        {
            KitchenMetrics.SlotUtilisation.Record(i < read.Count ? read[i].Utilisation : 0, new KeyValuePair<string, object?>("slot", SlotTags[i]));
        }
    }

    private async Task SampleBacklogAsync(CancellationToken ct)
    {
        var group = projection.Value.ConsumerGroup;
        var ready = await broker.QueueDepthAsync(group, ct);
        KitchenMetrics.ConsumerBacklog.Record(ready, new KeyValuePair<string, object?>("group", group));
    }
}
