using System.Text.Json;
using Npgsql;

namespace Rush.Kitchen.Menu;

/// <summary>The demo menu <c>./rush up</c> seeds; contains the seed's "Пицца Классическая" at 962.</summary>
public static class DemoMenu
{
    /// <summary>Pizzas of the demo kitchen.</summary>
    public static IReadOnlyList<Pizza> Pizzas { get; } =
    [
        new("classic", "Пицца Классическая", 962m, 12, "oven",
            [new("Тесто", 250, "g"), new("Томатный соус", 80, "g"), new("Моцарелла", 120, "g"), new("Ветчина", 60, "g"), new("Шампиньоны", 40, "g")]),
        new("margherita", "Маргарита", 599m, 10, "oven",
            [new("Тесто", 250, "g"), new("Томатный соус", 80, "g"), new("Моцарелла", 150, "g"), new("Базилик", 5, "g")]),
        new("pepperoni", "Пепперони", 749m, 10, "oven",
            [new("Тесто", 250, "g"), new("Томатный соус", 80, "g"), new("Моцарелла", 120, "g"), new("Пепперони", 70, "g")]),
        new("four-cheese", "Четыре сыра", 849m, 11, "oven",
            [new("Тесто", 250, "g"), new("Сливочный соус", 70, "g"), new("Моцарелла", 80, "g"), new("Горгонзола", 40, "g"), new("Пармезан", 30, "g"), new("Чеддер", 40, "g")]),
        new("caesar", "Салат Цезарь", 450m, 5, "cold",
            [new("Романо", 80, "g"), new("Курица", 70, "g"), new("Пармезан", 15, "g"), new("Соус Цезарь", 30, "ml")]),
        new("cola", "Кола 0.5", 150m, 1, "drinks", [new("Кола", 500, "ml")]),
    ];

    /// <summary>Extras of the demo kitchen.</summary>
    public static IReadOnlyList<Extra> Extras { get; } =
    [
        new("double-cheese", "Двойной сыр", 99m),
        new("jalapeno", "Халапеньо", 59m),
        new("bacon", "Бекон", 129m),
        new("cheese-crust", "Сырный борт", 149m),
    ];

    /// <summary>Inserts the demo menu; rows that exist are left as they are (idempotent).</summary>
    public static async Task SeedAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var batch = db.CreateBatch();
        foreach (var p in Pizzas)
        {
            var cmd = new NpgsqlBatchCommand("""
                insert into menu_pizzas (id, name, price, make_minutes, station, ingredients)
                values ($1, $2, $3, $4, $5, $6::jsonb) on conflict (id) do nothing
                """);
            cmd.Parameters.AddWithValue(p.Id);
            cmd.Parameters.AddWithValue(p.Name);
            cmd.Parameters.AddWithValue(p.Price);
            cmd.Parameters.AddWithValue(p.MakeMinutes);
            cmd.Parameters.AddWithValue(p.Station);
            cmd.Parameters.AddWithValue(JsonSerializer.Serialize(p.Ingredients.ToList(), KitchenJson.Api.ListIngredient));
            batch.BatchCommands.Add(cmd);
        }

        foreach (var e in Extras)
        {
            var cmd = new NpgsqlBatchCommand("insert into menu_extras (id, name, price) values ($1, $2, $3) on conflict (id) do nothing");
            cmd.Parameters.AddWithValue(e.Id);
            cmd.Parameters.AddWithValue(e.Name);
            cmd.Parameters.AddWithValue(e.Price);
            batch.BatchCommands.Add(cmd);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }
}
