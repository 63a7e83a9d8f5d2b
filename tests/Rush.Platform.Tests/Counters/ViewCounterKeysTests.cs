using Rush.Platform.Counters;

namespace Rush.Platform.Tests.Counters;

/// <summary>Names of view counters in Redis.</summary>
public sealed class ViewCounterKeysTests
{
    [Fact]
    public void Counter_of_a_menu_item_is_views_kind_id() =>
        Assert.Equal("views:menu:classic", ViewCounterKeys.Counter(ViewCounterKeys.Member("menu", "classic")));

    [Fact]
    public void Member_splits_back_at_the_first_colon_so_ids_may_contain_colons() =>
        Assert.Equal(("event", "2026:42"), ViewCounterKeys.Parse(ViewCounterKeys.Member("event", "2026:42")));

    [Theory]
    [InlineData("", "x")]
    [InlineData("Menu", "x")]
    [InlineData("me:nu", "x")]
    [InlineData("menu", "")]
    public void Kinds_and_ids_that_cannot_name_a_counter_are_refused(string kind, string id)
    {
        Assert.NotNull(ViewCounterKeys.Problem(kind, id));
        Assert.Throws<ArgumentException>(() => ViewCounterKeys.Member(kind, id));
    }
}
