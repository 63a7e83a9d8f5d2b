using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Rush.Ticketing.Events;

namespace Rush.Ticketing.Tests.Events;

public sealed class EventQueryParserTests
{
    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new QueryCollection(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value)));

    [Fact]
    public void No_parameters_mean_the_first_page_of_20_without_filters()
    {
        var (filter, error) = EventQueryParser.ParseList(Query());

        Assert.Null(error);
        Assert.Equal(new EventFilter(), filter);
    }

    [Theory]
    [InlineData("pageSize", "21", "invalid_page_size")]
    [InlineData("pageSize", "0", "invalid_page_size")]
    [InlineData("page", "0", "invalid_page")]
    [InlineData("page", "-1", "invalid_page")]
    [InlineData("page", "two", "invalid_page")]
    [InlineData("date_from", "yesterday", "invalid_date")]
    [InlineData("date", "2026-13-01", "invalid_date")]
    [InlineData("date", "2026-11-22T10:00:00Z", "invalid_date")]
    public void Out_of_range_values_are_refused_with_a_code(string key, string value, string code)
    {
        var (filter, error) = EventQueryParser.ParseList(Query((key, value)));

        Assert.Null(filter);
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public void A_day_given_as_date_to_is_included_whole()
    {
        var (filter, _) = EventQueryParser.ParseList(Query(("date_from", "2026-12-01"), ("date_to", "2026-12-31")));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), filter!.From);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), filter.Before);
    }

    [Fact]
    public void Date_narrows_the_range_to_one_day_and_an_empty_range_is_refused()
    {
        var (filter, _) = EventQueryParser.ParseList(Query(("date_from", "2026-12-01"), ("date", "2026-12-05")));
        Assert.Equal((new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)), (filter!.From, filter.Before));

        var (_, error) = EventQueryParser.ParseList(Query(("date_from", "2026-12-10"), ("date", "2026-12-05")));
        Assert.Equal("invalid_date_range", error?.Code);
    }

    [Fact]
    public void Search_needs_words()
    {
        Assert.Equal("missing_query", EventQueryParser.ParseSearch(Query(("q", "  "))).Error?.Code);
        Assert.Equal("концерт", EventQueryParser.ParseSearch(Query(("q", "концерт"))).Text);
    }

    [Fact]
    public void Cache_keys_differ_whenever_filters_differ()
    {
        Assert.NotEqual(EventCatalog.ListCacheKey(new EventFilter(Type: "a:b")), EventCatalog.ListCacheKey(new EventFilter(Type: "a", Provider: "b")));
        Assert.NotEqual(EventCatalog.ListCacheKey(new EventFilter(Page: 1)), EventCatalog.ListCacheKey(new EventFilter(Page: 2)));
    }
}
