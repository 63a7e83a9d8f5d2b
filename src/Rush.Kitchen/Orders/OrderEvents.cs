using System.Globalization;
using Google.Protobuf;
using Rush.Contracts.Kitchen.V1;
using Rush.Platform.Messaging;

namespace Rush.Kitchen.Orders;

/// <summary>Builds the events the kitchen publishes to the <c>pizza-orders</c> topic (protobuf, key = order id).</summary>
public static class OrderEvents
{
    /// <summary>Topic of seed 001.</summary>
    public const string Topic = "pizza-orders";

    /// <summary>The <c>OrderPlaced</c> event of a freshly stored order.</summary>
    public static OutgoingEvent Placed(KitchenOrder order, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        var message = new OrderPlaced
        {
            EventId = Guid.CreateVersion7().ToString(),
            OccurredAt = Rfc3339(occurredAt),
            Order = ToProto(order),
        };
        return new OutgoingEvent(Topic, order.Id.ToString(), Guid.Parse(message.EventId), nameof(OrderPlaced), message.ToByteArray());
    }

    /// <summary>
    /// The <c>OrderStatusChanged</c> event of a committed change (status, item bump, cancel): the
    /// whole order at its new version, so consumers upsert without reading anything else.
    /// </summary>
    public static OutgoingEvent StatusChanged(KitchenOrder order, string previousStatus, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        var message = new OrderStatusChanged
        {
            EventId = Guid.CreateVersion7().ToString(),
            OccurredAt = Rfc3339(occurredAt),
            Order = ToProto(order),
            PreviousStatus = previousStatus,
        };
        return new OutgoingEvent(Topic, order.Id.ToString(), Guid.Parse(message.EventId), nameof(OrderStatusChanged), message.ToByteArray());
    }

    /// <summary>The order as the event log carries it (seed 001 <c>pb.PizzaOrder</c>).</summary>
    public static PizzaOrder ToProto(KitchenOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var proto = new PizzaOrder
        {
            Id = order.Id.ToString(),
            DisplayId = order.DisplayId,
            CustomerId = order.CustomerId,
            TotalPrice = (double)order.TotalPrice,
            TotalPriceMinor = Slots.KitchenCalendar.ToMinor(order.TotalPrice),
            Status = order.Status,
            TargetSlotId = order.TargetSlotId,
            TargetSlotStartTime = Rfc3339(order.SlotStart),
            VisibleAt = Rfc3339(order.VisibleAt),
            CreatedAt = Rfc3339(order.CreatedAt),
            CustomerFirstName = order.CustomerFirstName,
            CustomerLastName = order.CustomerLastName,
            CustomerPhone = order.CustomerPhone,
            DeliveryAddress = order.DeliveryAddress ?? "",
            IsPickup = order.IsPickup,
            Version = order.Version,
        };
        foreach (var item in order.Items)
        {
            var pizza = new PizzaItem
            {
                PizzaId = item.PizzaId,
                PizzaName = item.PizzaName,
                Quantity = item.Quantity,
                UnitPrice = (double)item.UnitPrice,
                LinePrice = (double)item.LinePrice,
                MakeMinutes = item.MakeMinutes,
                Station = item.Station,
                Done = item.Done,
            };
            pizza.Extras.Add(item.Extras);
            pizza.Ingredients.Add(item.Ingredients.Select(i => new Contracts.Kitchen.V1.Ingredient { Name = i.Name, Dosage = (double)i.Dosage, Unit = i.Unit }));
            proto.Items.Add(pizza);
        }

        return proto;
    }

    /// <summary>
    /// The order an event carries, as the kitchen stores it (the inverse of <see cref="ToProto"/>).
    /// Throws <see cref="FormatException"/> when a field cannot be a stored order (bad id, time or version).
    /// </summary>
    public static KitchenOrder FromProto(PizzaOrder proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        if (!Guid.TryParse(proto.Id, out var id) || proto.Version < 1 || proto.Status.Length == 0)
        {
            throw new FormatException($"Order '{proto.Id}' (version {proto.Version}, status '{proto.Status}') is not a stored order.");
        }

        var items = proto.Items.Select(i => new OrderItem(i.PizzaId, i.PizzaName, i.Quantity, [.. i.Extras], Money(i.UnitPrice), Money(i.LinePrice),
            i.MakeMinutes, i.Station, [.. i.Ingredients.Select(g => new Menu.Ingredient(g.Name, (decimal)g.Dosage, g.Unit))], i.Done)).ToList();

        // Price from minor units: exact, where the double field is only the seed's display value.
        return new KitchenOrder(id, ParseTime(proto.CreatedAt), proto.DisplayId, proto.CustomerId, proto.CustomerFirstName, proto.CustomerLastName,
            proto.CustomerPhone, proto.IsPickup, proto.DeliveryAddress.Length == 0 ? null : proto.DeliveryAddress, items,
            proto.TotalPriceMinor / 100m, items.Sum(i => i.MakeMinutes), proto.Status, proto.Version,
            ParseTime(proto.TargetSlotStartTime), ParseTime(proto.VisibleAt), null);
    }

    private static decimal Money(double value) => decimal.Round((decimal)value, 2, MidpointRounding.AwayFromZero);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>RFC 3339 in UTC, as the seed's examples (2026-02-06T16:00:00Z).</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
