namespace Rush.Kitchen.Orders;

/// <summary>An order as <c>GET /api/v1/orders/{id}</c> shows it.</summary>
public sealed record OrderView(
    Guid Id,
    string DisplayId,
    string Status,
    int Version,
    DateTimeOffset CreatedAt,
    long CustomerId,
    string CustomerFirstName,
    string CustomerLastName,
    string CustomerPhone,
    bool IsPickup,
    string? DeliveryAddress,
    IReadOnlyList<OrderItem> Items,
    decimal TotalPrice,
    int MakeMinutes,
    string TargetSlotId,
    DateTimeOffset SlotStartTime,
    DateTimeOffset VisibleAt)
{
    /// <summary>Projects a stored order.</summary>
    public static OrderView From(KitchenOrder o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Id, o.DisplayId, o.Status, o.Version, o.CreatedAt, o.CustomerId, o.CustomerFirstName, o.CustomerLastName,
            o.CustomerPhone, o.IsPickup, o.DeliveryAddress, o.Items, o.TotalPrice, o.MakeMinutes, o.TargetSlotId, o.SlotStart, o.VisibleAt);
    }

    /// <summary>The view with only the contact data <paramref name="contact"/> allows (issue 9: cooks see a first name, the ERP role everything).</summary>
    public OrderView Showing(ContactData contact) => contact switch
    {
        ContactData.Full => this,
        ContactData.FirstName => this with { CustomerLastName = "", CustomerPhone = "", DeliveryAddress = null },
        _ => this with { CustomerFirstName = "", CustomerLastName = "", CustomerPhone = "", DeliveryAddress = null },
    };
}
