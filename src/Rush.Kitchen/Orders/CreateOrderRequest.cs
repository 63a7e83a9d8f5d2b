namespace Rush.Kitchen.Orders;

/// <summary>
/// An order as a client sends it (REST JSON camelCase; gRPC <c>PizzaOrderRequest</c> maps onto it).
/// The seed's single-pizza fields are the simple case of <see cref="Items"/>.
/// </summary>
public sealed class CreateOrderRequest
{
    /// <summary>The customer's id in the client system.</summary>
    public long CustomerId { get; set; }

    /// <summary>Single-pizza form: the pizza.</summary>
    public string? PizzaName { get; set; }

    /// <summary>Single-pizza form: how many.</summary>
    public int? Quantity { get; set; }

    /// <summary>Single-pizza form: extras on each pizza.</summary>
    public List<string>? Extras { get; set; }

    /// <summary>Several pizzas per order.</summary>
    public List<OrderLineRequest>? Items { get; set; }

    /// <summary>Customer's first name.</summary>
    public string? CustomerFirstName { get; set; }

    /// <summary>Customer's last name.</summary>
    public string? CustomerLastName { get; set; }

    /// <summary>Customer's phone, international format (+79001234567).</summary>
    public string? CustomerPhone { get; set; }

    /// <summary>Delivery address; required unless <see cref="IsPickup"/>.</summary>
    public string? DeliveryAddress { get; set; }

    /// <summary>The customer collects the order.</summary>
    public bool IsPickup { get; set; }

    /// <summary>RFC 3339 time wanted; empty means as soon as possible.</summary>
    public string? DesiredTime { get; set; }
}

/// <summary>One line of an order request.</summary>
public sealed class OrderLineRequest
{
    /// <summary>Pizza name or id.</summary>
    public string? PizzaName { get; set; }

    /// <summary>How many (1..50).</summary>
    public int Quantity { get; set; }

    /// <summary>Extras on each of these pizzas.</summary>
    public List<string>? Extras { get; set; }
}
