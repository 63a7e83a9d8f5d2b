using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Rush.Ticketing.Events;

/// <summary>Reads and checks the query string of the events routes; a bad value is a 400 with a stable code.</summary>
/// <remarks>
/// Dates are <c>yyyy-MM-dd</c> (a whole UTC day: <c>date_to</c> includes its day) or ISO 8601 instants (inclusive).
/// <c>date</c> (Billetter v1.1) is one UTC day and narrows whatever <c>date_from</c>/<c>date_to</c> allow.
/// </remarks>
public static class EventQueryParser
{
    private const int MaxTextLength = 200;

    /// <summary>A refusal: stable <paramref name="Code"/> for clients, <paramref name="Detail"/> for people.</summary>
    public sealed record QueryError(string Code, string Detail);

    /// <summary>The list filter from <paramref name="query"/>, or the first problem with it.</summary>
    public static (EventFilter? Filter, QueryError? Error) ParseList(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (page, pageSize, error) = ParsePaging(query);
        if (error is not null)
        {
            return (null, error);
        }

        if (!TryText(query, "type", out var type, out error) || !TryText(query, "provider", out var provider, out error)
            || !TryText(query, "query", out var text, out error))
        {
            return (null, error);
        }

        if (!TryDate(query, "date_from", endOfDay: false, out var from, out error) || !TryDate(query, "date_to", endOfDay: true, out var before, out error)
            || !TryDay(query, "date", out var day, out error))
        {
            return (null, error);
        }

        if (day is { } d)
        {
            from = from is null || d > from ? d : from;
            before = before is null || d.AddDays(1) < before ? d.AddDays(1) : before;
        }

        if (from is not null && before is not null && from >= before)
        {
            return (null, new QueryError("invalid_date_range", "The date range is empty: date_from is after date_to (or outside date)."));
        }

        return (new EventFilter(page, pageSize, type, provider, from, before, text), null);
    }

    /// <summary>The search text <c>q</c> and paging from <paramref name="query"/>, or the first problem with them.</summary>
    public static (string? Text, int Page, int PageSize, QueryError? Error) ParseSearch(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (page, pageSize, error) = ParsePaging(query);
        if (error is not null || !TryText(query, "q", out var text, out error))
        {
            return (null, 0, 0, error);
        }

        return text is null
            ? (null, 0, 0, new QueryError("missing_query", "Give the words to search for: /api/events/search?q=концерт"))
            : (text, page, pageSize, null);
    }

    private static (int Page, int PageSize, QueryError? Error) ParsePaging(IQueryCollection query)
    {
        var page = 1;
        var pageSize = EventFilter.MaxPageSize;
        if (query.TryGetValue("page", out var p) && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page is < 1 or > EventFilter.MaxPage))
        {
            return (0, 0, new QueryError("invalid_page", $"page must be a whole number from 1 to {EventFilter.MaxPage}; narrow the filter to reach further."));
        }

        if (query.TryGetValue("pageSize", out var s)
            && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > EventFilter.MaxPageSize))
        {
            return (0, 0, new QueryError("invalid_page_size", $"pageSize must be a whole number from 1 to {EventFilter.MaxPageSize}."));
        }

        return (page, pageSize, null);
    }

    private static bool TryText(IQueryCollection query, string name, out string? value, out QueryError? error)
    {
        value = query[name].ToString().Trim();
        error = value.Length > MaxTextLength ? new QueryError($"invalid_{name}", $"{name} is longer than {MaxTextLength} characters.") : null;
        if (value.Length == 0)
        {
            value = null;
        }

        return error is null;
    }

    private static bool TryDay(IQueryCollection query, string name, out DateTimeOffset? value, out QueryError? error)
    {
        value = null;
        error = null;
        var text = query[name].ToString().Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return InRange(name, value.Value, out error);
        }

        error = new QueryError("invalid_date", $"{name} must be a day, yyyy-MM-dd, got '{text}'.");
        return false;
    }

    private static bool TryDate(IQueryCollection query, string name, bool endOfDay, out DateTimeOffset? value, out QueryError? error)
    {
        value = null;
        error = null;
        var text = query[name].ToString().Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (TryDay(query, name, out var day, out var dayError) && day is { } start)
        {
            value = endOfDay ? start.AddDays(1) : start;
            return true;
        }

        if (dayError is { Code: "date_out_of_range" })
        {
            error = dayError;
            return false;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            if (!InRange(name, instant, out error))
            {
                return false;
            }

            // An instant given as date_to is inclusive; the bound is exclusive at Postgres' microsecond precision.
            value = endOfDay ? instant.AddTicks(TimeSpan.TicksPerMicrosecond) : instant;
            return true;
        }

        error = new QueryError("invalid_date", $"{name} must be yyyy-MM-dd or an ISO 8601 date and time, got '{text}'.");
        return false;
    }

    private static bool InRange(string name, DateTimeOffset value, out QueryError? error)
    {
        error = value >= EventFilter.MinDate && value < EventFilter.MaxDate ? null
            : new QueryError("date_out_of_range", $"{name} must lie between {EventFilter.MinDate:yyyy-MM-dd} and {EventFilter.MaxDate.AddDays(-1):yyyy-MM-dd}.");
        return error is null;
    }
}
