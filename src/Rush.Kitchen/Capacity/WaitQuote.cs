using System.Text.Json.Serialization;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Capacity;

/// <summary>Answer of <c>GET /api/v1/kitchen/wait-quote</c>: when a typical order placed now would be ready.</summary>
/// <param name="NextSlotStart">Start of the first slot that still has room for a typical order; null when none has (full or closed).</param>
/// <param name="EstimatedReadyAt">That slot's start plus a typical order's make time; null with <paramref name="NextSlotStart"/>.</param>
/// <param name="QueueMinutes">Make-time minutes of the work on the screens not yet done (visible, not ready, items not bumped).</param>
/// <param name="Slots">Loads of the slots a new order may still take (the rest of the current opening period).</param>
/// <remarks>The two times are written as null, not left out, when no slot has room: a dashboard should not have to test for a missing member.</remarks>
public sealed record WaitQuote(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? NextSlotStart,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? EstimatedReadyAt,
    int QueueMinutes,
    IReadOnlyList<SlotLoad> Slots)
{
    /// <summary>Price of the typical order a quote is for: the seed's "Пицца Классическая".</summary>
    public const decimal TypicalOrderPrice = 962m;

    /// <summary>Make time of the typical order: one classic pizza.</summary>
    public const int TypicalOrderMinutes = 12;

    /// <summary>
    /// The quote from slot loads (earliest first) and the queue. Deliberately the scheduler's own
    /// rule, not a forecast: a typical order placed now would go to the first slot with room for it,
    /// and is made within that slot, so it is ready about its make time after the slot starts.
    /// </summary>
    public static WaitQuote Compute(IReadOnlyList<SlotLoad> slots, int queueMinutes)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var typical = new SlotAmounts(KitchenCalendar.ToMinor(TypicalOrderPrice), TypicalOrderMinutes);
        var next = slots.FirstOrDefault(s => s.HasRoomFor(typical));
        return new WaitQuote(next?.Start, next?.Start.AddMinutes(TypicalOrderMinutes), queueMinutes, slots);
    }
}
