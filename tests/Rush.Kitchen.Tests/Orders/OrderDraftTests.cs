using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Tests.Orders;

public sealed class OrderDraftTests
{
    private static readonly Menu.Menu DemoMenu = new(Menu.DemoMenu.Pizzas, Menu.DemoMenu.Extras);
    private static readonly DateTimeOffset Now = new(2026, 2, 6, 15, 0, 0, TimeSpan.Zero);

    private static CreateOrderRequest SeedExample() => new()
    {
        CustomerId = 12345,
        PizzaName = "Пицца Классическая",
        Quantity = 2,
        CustomerFirstName = "Иван",
        CustomerLastName = "Иванов",
        CustomerPhone = "+79001234567",
        DeliveryAddress = "ул. Ленина, д. 1",
        IsPickup = false,
    };

    private static OrderRejectedException Reject(CreateOrderRequest request) =>
        Assert.Throws<OrderRejectedException>(() => OrderDraft.Create(request, DemoMenu, Now, daysAhead: 2));

    [Fact]
    public void Seed_example_costs_price_times_quantity()
    {
        var draft = OrderDraft.Create(SeedExample(), DemoMenu, Now, 2);

        Assert.Equal(1924m, draft.TotalPrice);
        Assert.Equal(24, draft.MakeMinutes);
        Assert.Equal("oven", Assert.Single(draft.Items).Station);
        Assert.NotEmpty(draft.Items[0].Ingredients);
    }

    [Fact]
    public void Several_lines_with_extras_are_priced_per_pizza()
    {
        var request = SeedExample();
        request.PizzaName = null;
        request.Quantity = null;
        request.Items =
        [
            new OrderLineRequest { PizzaName = "Маргарита", Quantity = 2, Extras = ["Бекон", "double-cheese"] },
            new OrderLineRequest { PizzaName = "cola", Quantity = 3 },
        ];

        var draft = OrderDraft.Create(request, DemoMenu, Now, 2);

        Assert.Equal(((599m + 129m + 99m) * 2) + (150m * 3), draft.TotalPrice);
        Assert.Equal((10 * 2) + (1 * 3), draft.MakeMinutes);
        Assert.Equal(["Бекон", "Двойной сыр"], draft.Items[0].Extras);
    }

    [Fact]
    public void Unknown_pizza_is_refused()
    {
        var request = SeedExample();
        request.PizzaName = "Пицца с ананасом на Марсе";
        Assert.Equal("unknown_pizza", Reject(request).Code);
    }

    [Fact]
    public void Unknown_extra_is_refused()
    {
        var request = SeedExample();
        request.Extras = ["Золото"];
        Assert.Equal("unknown_extra", Reject(request).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    public void Quantity_outside_1_to_50_is_refused(int quantity)
    {
        var request = SeedExample();
        request.Quantity = quantity;
        var e = Reject(request);
        Assert.Equal("validation_failed", e.Code);
        Assert.True(e.Errors!.ContainsKey("quantity"));
    }

    [Fact]
    public void An_order_without_pizzas_is_refused()
    {
        var request = SeedExample();
        request.PizzaName = null;
        request.Items = [];
        Assert.True(Reject(request).Errors!.ContainsKey("items"));
    }

    [Fact]
    public void Both_order_forms_at_once_are_refused()
    {
        var request = SeedExample();
        request.Items = [new OrderLineRequest { PizzaName = "Маргарита", Quantity = 1 }];
        Assert.True(Reject(request).Errors!.ContainsKey("items"));
    }

    [Fact]
    public void Delivery_needs_an_address_but_pickup_does_not()
    {
        var request = SeedExample();
        request.DeliveryAddress = " ";
        Assert.True(Reject(request).Errors!.ContainsKey("deliveryAddress"));

        request.IsPickup = true;
        Assert.Equal(1924m, OrderDraft.Create(request, DemoMenu, Now, 2).TotalPrice);
    }

    [Theory]
    [InlineData("8 900 123")]
    [InlineData("phone")]
    [InlineData("+0123456789")]
    [InlineData("")]
    public void Malformed_phone_is_refused(string phone)
    {
        var request = SeedExample();
        request.CustomerPhone = phone;
        Assert.True(Reject(request).Errors!.ContainsKey("customerPhone"));
    }

    [Fact]
    public void Desired_time_must_be_within_the_days_ahead()
    {
        var request = SeedExample();
        request.DesiredTime = Now.AddDays(3).ToString("O");
        Assert.True(Reject(request).Errors!.ContainsKey("desiredTime"));

        request.DesiredTime = "tomorrow";
        Assert.True(Reject(request).Errors!.ContainsKey("desiredTime"));

        request.DesiredTime = Now.AddDays(1).ToString("O");
        Assert.Equal(Now.AddDays(1), OrderDraft.Create(request, DemoMenu, Now, 2).DesiredTime);
    }
}
