using Rush.Kitchen.Menu;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Tests.Workflow;

/// <summary>Stored orders for pure tests.</summary>
internal static class TestOrders
{
    public static readonly DateTimeOffset Created = new(2026, 2, 6, 15, 0, 0, TimeSpan.Zero);

    public static KitchenOrder WithItems(string status, params bool[] done) =>
        new(Guid.CreateVersion7(Created), Created, "384b", 12345, "Иван", "Иванов", "+79001234567", false, "ул. Ленина, д. 1",
            done.Select((d, i) => new OrderItem("classic", "Пицца Классическая", 1, [], 962m, 962m, 12, i % 2 == 0 ? "oven" : "cold",
                [new Ingredient("Тесто", 250, "g")], d)).ToList(),
            962m * done.Length, 12 * done.Length, status, 3, Created.AddMinutes(30), Created, null);
}
