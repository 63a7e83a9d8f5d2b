using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Workflow;

/// <summary>A cook's change worked out in memory: the order before and after it (pure logic, no servers).</summary>
/// <param name="Before">The order as read.</param>
/// <param name="After">The order as it will be stored: at <c>Before.Version + 1</c>, or <paramref name="Before"/> itself when nothing changes.</param>
public sealed record OrderChange(KitchenOrder Before, KitchenOrder After)
{
    /// <summary>True when the command asks for what already is (e.g. marking a done item done): nothing is written.</summary>
    public bool IsNoOp => ReferenceEquals(Before, After);

    /// <summary>Moves <paramref name="order"/> to <paramref name="target"/>; throws <see cref="OrderChangeRefusedException"/> when the state machine forbids it.</summary>
    public static OrderChange ToStatus(KitchenOrder order, string target)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!OrderStateMachine.CanMove(order.Status, target))
        {
            var allowed = OrderStateMachine.AllowedFrom(order.Status);
            throw new OrderChangeRefusedException(ChangeRefusal.Conflict, "illegal_transition",
                $"An order that is {order.Status} cannot become {target}; allowed: {(allowed.Count == 0 ? "nothing (final status)" : string.Join(", ", allowed))}.",
                new Dictionary<string, object?> { ["currentStatus"] = order.Status, ["requestedStatus"] = target, ["allowed"] = allowed });
        }

        return new(order, order with { Status = target, Version = order.Version + 1 });
    }

    /// <summary>
    /// Marks item <paramref name="index"/> done or not done. When that makes every item done the
    /// order becomes <c>ready</c> in the same change (one version, one event).
    /// </summary>
    public static OrderChange BumpItem(KitchenOrder order, int index, bool done)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (index < 0 || index >= order.Items.Count)
        {
            throw new OrderChangeRefusedException(ChangeRefusal.ItemNotFound, "item_not_found",
                $"The order has {order.Items.Count} items (indexes 0 to {order.Items.Count - 1}); there is no item {index}.",
                new Dictionary<string, object?> { ["itemCount"] = order.Items.Count });
        }

        if (!OrderStateMachine.IsInProgress(order.Status))
        {
            throw new OrderChangeRefusedException(ChangeRefusal.Conflict, "order_not_in_progress",
                $"Items of an order that is {order.Status} cannot be bumped.",
                new Dictionary<string, object?> { ["currentStatus"] = order.Status });
        }

        if (order.Items[index].Done == done)
        {
            return new(order, order);
        }

        var items = order.Items.Select((item, i) => i == index ? item with { Done = done } : item).ToList();
        var status = items.TrueForAll(i => i.Done) ? OrderStatus.Ready : order.Status;
        return new(order, order with { Items = items, Status = status, Version = order.Version + 1 });
    }
}
