using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Leaderboards;

namespace Rush.Kitchen;

/// <summary>The leaderboards the kitchen feeds: clients read them, only the kitchen writes them.</summary>
public static class KitchenBoards
{
    /// <summary>Pizzas by number ordered, fed by the projection (order-project.lua) once per order.</summary>
    public const string Pizzas = "pizzas";

    /// <summary>Declares <see cref="Pizzas"/> as fed by the kitchen.</summary>
    public static IServiceCollection AddKitchenBoards(this IServiceCollection services) => services.AddFedBoard(Pizzas);
}
