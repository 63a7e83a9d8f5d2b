using Rush.Kitchen.Workflow;

namespace Rush.Kitchen.Tests.Workflow;

public sealed class OrderChangeTests
{
    [Fact]
    public void A_legal_change_sets_the_status_and_the_next_version_and_keeps_the_rest()
    {
        var order = TestOrders.WithItems("preparing", false, true);

        var change = OrderChange.ToStatus(order, "cooking");

        Assert.False(change.IsNoOp);
        Assert.Same(order, change.Before);
        Assert.Equal("cooking", change.After.Status);
        Assert.Equal(4, change.After.Version);
        Assert.Equal(order with { Status = "cooking", Version = 4 }, change.After);
    }

    [Fact]
    public void An_illegal_change_is_refused_with_the_allowed_statuses()
    {
        var order = TestOrders.WithItems("pending", false);

        var refused = Assert.Throws<OrderChangeRefusedException>(() => OrderChange.ToStatus(order, "ready"));

        Assert.Equal(ChangeRefusal.Conflict, refused.Kind);
        Assert.Equal("illegal_transition", refused.Code);
        Assert.Equal(["preparing", "cancelled"], (IReadOnlyList<string>)refused.Details!["allowed"]!);
        Assert.Equal("pending", refused.Details["currentStatus"]);
    }

    [Fact]
    public void Bumping_an_item_marks_only_that_line()
    {
        var order = TestOrders.WithItems("cooking", false, false, false);

        var change = OrderChange.BumpItem(order, 1, done: true);

        Assert.Equal([false, true, false], change.After.Items.Select(i => i.Done));
        Assert.Equal("cooking", change.After.Status);
        Assert.Equal(4, change.After.Version);
        Assert.Equal([false, false, false], order.Items.Select(i => i.Done));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("preparing")]
    [InlineData("cooking")]
    public void The_last_item_done_makes_the_order_ready_from_any_status_before_ready(string status)
    {
        var order = TestOrders.WithItems(status, true, false);

        var change = OrderChange.BumpItem(order, 1, done: true);

        Assert.Equal("ready", change.After.Status);
        Assert.Equal(4, change.After.Version);
        Assert.All(change.After.Items, i => Assert.True(i.Done));
    }

    [Fact]
    public void Taking_a_mark_back_keeps_the_status()
    {
        var order = TestOrders.WithItems("cooking", true, false);

        var change = OrderChange.BumpItem(order, 0, done: false);

        Assert.Equal("cooking", change.After.Status);
        Assert.Equal([false, false], change.After.Items.Select(i => i.Done));
    }

    [Fact]
    public void Asking_for_what_already_is_changes_nothing()
    {
        var order = TestOrders.WithItems("cooking", true, false);

        var change = OrderChange.BumpItem(order, 0, done: true);

        Assert.True(change.IsNoOp);
        Assert.Same(order, change.After);
    }

    [Theory]
    [InlineData("ready")]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void Items_of_an_order_past_cooking_cannot_be_bumped(string status)
    {
        var order = TestOrders.WithItems(status, false);

        var refused = Assert.Throws<OrderChangeRefusedException>(() => OrderChange.BumpItem(order, 0, done: true));

        Assert.Equal(ChangeRefusal.Conflict, refused.Kind);
        Assert.Equal("order_not_in_progress", refused.Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void An_item_index_outside_the_order_is_not_found(int index)
    {
        var order = TestOrders.WithItems("cooking", false, false);

        var refused = Assert.Throws<OrderChangeRefusedException>(() => OrderChange.BumpItem(order, index, done: true));

        Assert.Equal(ChangeRefusal.ItemNotFound, refused.Kind);
        Assert.Equal("item_not_found", refused.Code);
    }
}
