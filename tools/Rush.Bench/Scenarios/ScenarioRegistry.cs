namespace Rush.Bench.Scenarios;

/// <summary>
/// The scenarios the tool knows. A new scenario is one
/// class implementing <see cref="IScenario"/>, added here.
/// </summary>
internal static class ScenarioRegistry
{
    /// <summary>All scenarios, in the order the help lists them.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new KitchenIntakeScenario(),
        new OrderToScreenScenario(),
        new CachedReadScenario(),
        new RateLimitedScenario(),
        new EventsBrowseScenario(),
        new LoginScenario(),
        new FlashSaleScenario(),
        new SeatRushScenario(),
        new SeatHoldsScenario(),
    ];

    /// <summary>The scenario called <paramref name="name"/>, or null.</summary>
    public static IScenario? Find(string name)
    {
        foreach (var scenario in All)
        {
            if (string.Equals(scenario.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return scenario;
            }
        }

        return null;
    }
}
