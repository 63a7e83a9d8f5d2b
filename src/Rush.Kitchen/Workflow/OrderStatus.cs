namespace Rush.Kitchen.Workflow;

/// <summary>The statuses an order moves through on the kitchen screens (seed 001, step 10).</summary>
public static class OrderStatus
{
    /// <summary>Placed, not started.</summary>
    public const string Pending = "pending";

    /// <summary>A cook is preparing it (dough, toppings).</summary>
    public const string Preparing = "preparing";

    /// <summary>In the oven.</summary>
    public const string Cooking = "cooking";

    /// <summary>Done, waiting for pick-up or the courier.</summary>
    public const string Ready = "ready";

    /// <summary>Handed over; final.</summary>
    public const string Completed = "completed";

    /// <summary>Called off before it was ready; final.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every status, in workflow order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Preparing, Cooking, Ready, Completed, Cancelled];

    /// <summary>Statuses of orders still on the kitchen's plate (not completed or cancelled).</summary>
    public static IReadOnlyList<string> Active { get; } = [Pending, Preparing, Cooking, Ready];

    /// <summary>The canonical name of <paramref name="text"/> (case and spaces ignored), or null when it is no status.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim();
        return All.FirstOrDefault(s => string.Equals(s, trimmed, StringComparison.OrdinalIgnoreCase));
    }
}
