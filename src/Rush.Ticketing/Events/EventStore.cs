using System.Text;
using Npgsql;

namespace Rush.Ticketing.Events;

/// <summary>
/// The catalogue's SQL. A plain list reads <c>events_current</c>; a list with dates reads exactly those months of
/// <c>events_archive</c> (the bounds prune every other partition, past ones included); a text query and
/// <c>/search</c> reach the whole archive; lookups by id too.
/// </summary>
/// <remarks>
/// <c>events_current</c> filters on <c>event_date &gt;= now() - 3 months</c>, which Postgres can only prune at execution
/// start: the planner still weighs every partition (~170 from 2015 on; ~15 ms of planning per query on a warm
/// connection, 60 ms on a cold one, for 1 ms of execution). A plain list therefore also carries the same bound as a
/// parameter (a day earlier, so it never cuts what the view shows), which prunes the old partitions at planning;
/// a text query without dates plans every partition on purpose (it searches the archive).
/// Filters are added only when given, so each combination gets a plan of its own (the (type, event_date) and
/// (provider, event_date) indexes serve the filters).
/// </remarks>
public sealed class EventStore(NpgsqlDataSource db, TimeProvider clock)
{
    private const string Columns = "id, title, description, type, provider, venue, city, event_date";

    // Both languages' stems: a Russian word is stemmed by the russian configuration, an English one by either.
    private const string TsQuery = "(websearch_to_tsquery('russian', @query) || websearch_to_tsquery('english', @query))";

    /// <summary>Events matching <paramref name="filter"/>, by date; one row more than a page, to tell whether there is a next one.</summary>
    public async Task<EventPage> ListAsync(EventFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var cmd = ListCommand(filter);
        var rows = await ReadAsync(cmd, withRank: false, ct);
        return Page(rows, filter.Page, filter.PageSize);
    }

    /// <summary>Events of the whole archive matching <paramref name="text"/>, most relevant first (<c>ts_rank</c>; titles weigh more), then newest.</summary>
    public async Task<EventPage> SearchAsync(string text, int page, int pageSize, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select {Columns}, ts_rank(search, q) as rank
            from events_archive cross join (select {TsQuery} as q) query
            where search @@ q
            order by rank desc, event_date desc, id
            limit @limit offset @offset
            """);
        cmd.Parameters.AddWithValue("query", text);
        cmd.Parameters.AddWithValue("limit", pageSize + 1);
        cmd.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
        var rows = await ReadAsync(cmd, withRank: true, ct);
        return Page(rows, page, pageSize) with { Query = text };
    }

    /// <summary>The event with this id, current or archived, or null.</summary>
    public async Task<EventView?> FindAsync(long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from events_archive where id = @id limit 1");
        cmd.Parameters.AddWithValue("id", id);
        return (await ReadAsync(cmd, withRank: false, ct)).FirstOrDefault();
    }

    /// <summary>The list query for <paramref name="filter"/> (also what the partition-pruning test explains).</summary>
    internal NpgsqlCommand ListCommand(EventFilter filter)
    {
        var cmd = db.CreateCommand();
        var sql = new StringBuilder($"select {Columns} from ");
        if (filter.From is null && filter.Before is null && filter.Query is null)
        {
            sql.Append("events_current where event_date >= @window");
            cmd.Parameters.AddWithValue("window", WindowStart());
        }
        else
        {
            // Dates name their months (past ones too) and the planner prunes the rest; a text query finds archive events as well.
            sql.Append("events_archive where true");
        }

        void Where(string condition, string name, object value)
        {
            sql.Append(" and ").Append(condition);
            cmd.Parameters.AddWithValue(name, value);
        }

        if (filter.Type is { } type)
        {
            Where("type = @type", "type", type);
        }

        if (filter.Provider is { } provider)
        {
            Where("provider = @provider", "provider", provider);
        }

        if (filter.From is { } from)
        {
            Where("event_date >= @from", "from", from);
        }

        if (filter.Before is { } before)
        {
            Where("event_date < @before", "before", before);
        }

        if (filter.Query is { } query)
        {
            Where($"search @@ {TsQuery}", "query", query);
        }

        sql.Append(" order by event_date, id limit @limit offset @offset");
        cmd.Parameters.AddWithValue("limit", filter.PageSize + 1);
        cmd.Parameters.AddWithValue("offset", filter.Offset);
        cmd.CommandText = sql.ToString();
        return cmd;
    }

    // The view's own bound, a day earlier: only there to let the planner prune (see the remarks).
    private DateTimeOffset WindowStart() => clock.GetUtcNow().AddMonths(-3).AddDays(-1);

    private static EventPage Page(List<EventView> rows, int page, int pageSize) =>
        new(rows.Count > pageSize ? rows.GetRange(0, pageSize) : rows, page, pageSize, rows.Count > pageSize);

    private static async Task<List<EventView>> ReadAsync(NpgsqlCommand cmd, bool withRank, CancellationToken ct)
    {
        var events = new List<EventView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            events.Add(new EventView(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                r.GetFieldValue<DateTimeOffset>(7), withRank ? r.GetFloat(8) : null));
        }

        return events;
    }
}
