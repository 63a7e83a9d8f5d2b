namespace Rush.Kitchen.Workflow;

/// <summary>Which status changes a cook may make: pure rules, no servers.</summary>
/// <remarks>
/// <c>pending -> preparing -> cooking -> ready -> completed</c>, and <c>cancelled</c> from any status
/// before <c>ready</c>. Nothing else: no skipping steps by hand, no going back, nothing after a final
/// status, and no "change" to the status an order already has (a tablet retrying a bump learns the
/// order moved on instead of silently succeeding twice).
/// </remarks>
public static class OrderStateMachine
{
    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [OrderStatus.Pending] = [OrderStatus.Preparing, OrderStatus.Cancelled],
        [OrderStatus.Preparing] = [OrderStatus.Cooking, OrderStatus.Cancelled],
        [OrderStatus.Cooking] = [OrderStatus.Ready, OrderStatus.Cancelled],
        [OrderStatus.Ready] = [OrderStatus.Completed],
        [OrderStatus.Completed] = [],
        [OrderStatus.Cancelled] = [],
    };

    /// <summary>The statuses an order in <paramref name="from"/> may move to (empty for final or unknown statuses).</summary>
    public static IReadOnlyList<string> AllowedFrom(string from) => Next.GetValueOrDefault(from) ?? [];

    /// <summary>True when <paramref name="from"/> -> <paramref name="to"/> is a legal change.</summary>
    public static bool CanMove(string from, string to) => AllowedFrom(from).Contains(to, StringComparer.Ordinal);

    /// <summary>
    /// True while items may still be bumped and, once all are done, the order may jump straight to
    /// <c>ready</c>: the kitchen finished the food, so the intermediate steps no longer matter.
    /// </summary>
    public static bool IsInProgress(string status) =>
        status is OrderStatus.Pending or OrderStatus.Preparing or OrderStatus.Cooking;
}
