using Rush.Kitchen.Workflow;

namespace Rush.Kitchen.Tests.Workflow;

public sealed class OrderStateMachineTests
{
    private static readonly HashSet<(string From, string To)> Legal =
    [
        ("pending", "preparing"),
        ("preparing", "cooking"),
        ("cooking", "ready"),
        ("ready", "completed"),
        ("pending", "cancelled"),
        ("preparing", "cancelled"),
        ("cooking", "cancelled"),
    ];

    public static TheoryData<string, string, bool> EveryPair()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var from in OrderStatus.All)
        {
            foreach (var to in OrderStatus.All)
            {
                data.Add(from, to, Legal.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Only_the_workflow_steps_and_early_cancels_are_legal(string from, string to, bool legal)
    {
        Assert.Equal(legal, OrderStateMachine.CanMove(from, to));
        Assert.Equal(legal, OrderStateMachine.AllowedFrom(from).Contains(to));
    }

    [Fact]
    public void Every_pair_of_the_six_statuses_is_covered()
    {
        Assert.Equal(36, EveryPair().Count);
        Assert.Equal(6, OrderStatus.All.Count);
    }

    [Theory]
    [InlineData("pending", new[] { "preparing", "cancelled" })]
    [InlineData("preparing", new[] { "cooking", "cancelled" })]
    [InlineData("cooking", new[] { "ready", "cancelled" })]
    [InlineData("ready", new[] { "completed" })]
    [InlineData("completed", new string[0])]
    [InlineData("cancelled", new string[0])]
    [InlineData("burnt", new string[0])]
    public void Allowed_lists_what_may_follow(string from, string[] allowed) =>
        Assert.Equal(allowed, OrderStateMachine.AllowedFrom(from));

    [Theory]
    [InlineData("pending", true)]
    [InlineData("preparing", true)]
    [InlineData("cooking", true)]
    [InlineData("ready", false)]
    [InlineData("completed", false)]
    [InlineData("cancelled", false)]
    public void Items_can_be_bumped_only_before_ready(string status, bool inProgress) =>
        Assert.Equal(inProgress, OrderStateMachine.IsInProgress(status));

    [Theory]
    [InlineData("cooking", "cooking")]
    [InlineData(" Cooking ", "cooking")]
    [InlineData("CANCELLED", "cancelled")]
    [InlineData("cook", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Status_names_parse_ignoring_case_and_spaces(string? text, string? expected) =>
        Assert.Equal(expected, OrderStatus.Parse(text));
}
