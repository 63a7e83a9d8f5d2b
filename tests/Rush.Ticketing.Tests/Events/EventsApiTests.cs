using System.Net;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;

namespace Rush.Ticketing.Tests.Events;

[Collection("servers")]
public sealed class EventsApiTests(TestServers servers) : IAsyncLifetime
{
    private RushTestHost _host = null!;
    private CatalogueFixture _events = null!;

    public async Task InitializeAsync()
    {
        _host = await RushTestHost.StartAsync(servers, database: await TicketingDatabases.CreateMigratedAsync(servers));
        _events = await CatalogueFixture.InsertAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task List_is_by_date_and_leaves_out_events_older_than_3_months()
    {
        var page = await GetAsync("/api/events");

        var ids = Ids(page);
        Assert.Equal(_events.ZemfiraLastMonth, ids[0]);
        Assert.DoesNotContain(_events.KinoArchived, ids);
        Assert.Equal(20, ids.Count);
        var dates = page.EnumerateArray().Select(e => e.GetProperty("event_date").GetDateTimeOffset()).ToList();
        Assert.Equal(dates.Order(), dates);
    }

    [Fact]
    public async Task Type_and_provider_filter_exactly()
    {
        Assert.Equal([_events.SplinAlmaty], Ids(await GetAsync("/api/events?type=concert&provider=Ticketon")));
        Assert.Equal([_events.Hamlet], Ids(await GetAsync("/api/events?type=theatre")));
    }

    [Fact]
    public async Task Date_range_includes_its_last_day_and_date_is_one_day()
    {
        var from = CatalogueFixture.At(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = CatalogueFixture.At(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var day = CatalogueFixture.At(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal([_events.SplinAlmaty, _events.Hamlet], Ids(await GetAsync($"/api/events?date_from={from}&date_to={to}")));
        Assert.Equal([_events.HockeyWithConcert], Ids(await GetAsync($"/api/events?date={day}")));
    }

    [Fact]
    public async Task Query_filters_the_list_by_full_text_with_russian_stems()
    {
        Assert.Equal(
            [_events.KinoArchived, _events.ZemfiraLastMonth, _events.SplinAlmaty, _events.HockeyWithConcert],
            Ids(await GetAsync("/api/events?query=" + Uri.EscapeDataString("концерты"))));
        Assert.Equal([_events.Hamlet], Ids(await GetAsync("/api/events?query=hamlet")));
    }

    [Fact]
    public async Task Pages_do_not_overlap_and_say_whether_more_follow()
    {
        var pages = new List<JsonElement>();
        var links = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            using var response = await _host.Rest.GetAsync(new Uri($"/api/events?type=standup&pageSize=10&page={page}", UriKind.Relative));
            pages.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            links.Add(Assert.Single(response.Headers.GetValues("Link")));
        }

        Assert.Equal([true, true, false], links.Select(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)));
        Assert.Contains("</api/events?type=standup&pageSize=10&page=3>; rel=\"next\"", links[1], StringComparison.Ordinal);
        Assert.Equal(_events.Standups, pages.SelectMany(Ids));
    }

    [Theory]
    [InlineData("/api/events?pageSize=21", "invalid_page_size")]
    [InlineData("/api/events?page=0", "invalid_page")]
    [InlineData("/api/events?page=501", "invalid_page")]
    [InlineData("/api/events?page=99999999999", "invalid_page")]
    [InlineData("/api/events?date_to=9999-12-31", "date_out_of_range")]
    [InlineData("/api/events?date=9999-12-31", "date_out_of_range")]
    [InlineData("/api/events?date_from=0001-01-01T00:00:00Z", "date_out_of_range")]
    [InlineData("/api/events?date_from=tomorrow", "invalid_date")]
    [InlineData("/api/events/search", "missing_query")]
    [InlineData("/api/events/search?q=x&pageSize=50", "invalid_page_size")]
    [InlineData("/api/events/abc", "invalid_id")]
    public async Task Bad_parameters_are_a_400_problem(string path, string code)
    {
        using var response = await _host.Rest.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Search_finds_russian_words_by_stem_and_ranks_title_matches_first()
    {
        var found = await GetAsync("/api/events/search?q=" + Uri.EscapeDataString("концерты"));

        var ids = Ids(found);
        Assert.Equal(4, ids.Count);
        Assert.Contains(_events.KinoArchived, ids);
        Assert.Equal(_events.HockeyWithConcert, ids[^1]);
        var ranks = found.EnumerateArray().Select(e => e.GetProperty("rank").GetSingle()).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);
        Assert.True(ranks[0] > ranks[^1], "a title match outranks a description match");
    }

    [Fact]
    public async Task Search_finds_english_words_by_stem()
    {
        Assert.Equal([_events.Hamlet], Ids(await GetAsync("/api/events/search?q=performances")));
        Assert.Equal([_events.TributeEnglish], Ids(await GetAsync("/api/events/search?q=concert+tribute")));
    }

    [Fact]
    public async Task A_past_date_range_finds_archive_events_of_those_days()
    {
        var day = CatalogueFixture.At(-125).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal([_events.KinoArchived], Ids(await GetAsync($"/api/events?date={day}")));
        Assert.Equal([_events.KinoArchived], Ids(await GetAsync($"/api/events?date_to={day}")));
    }

    [Fact]
    public async Task Event_by_id_reaches_the_archive_and_an_unknown_id_is_404()
    {
        var archived = await GetAsync($"/api/events/{_events.KinoArchived}");
        Assert.Equal("Кино: концерт в Астане", archived.GetProperty("title").GetString());

        using var missing = await _host.Rest.GetAsync(new Uri("/api/events/999999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _host.Rest.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<long> Ids(JsonElement page) =>
        page.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
}
