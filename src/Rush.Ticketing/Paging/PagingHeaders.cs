using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Rush.Ticketing.Paging;

/// <summary>
/// Paging metadata of a list whose body is a bare JSON array (Billetter v1.1): RFC 8288 <c>Link</c> with
/// <c>first</c>/<c>prev</c>/<c>next</c> (and <c>last</c> when the total is known), and <c>X-Total-Count</c> where
/// counting is cheap.
/// </summary>
public static class PagingHeaders
{
    /// <summary>Header carrying the number of items over all pages.</summary>
    public const string TotalCount = "X-Total-Count";

    /// <summary>Writes the headers for page <paramref name="page"/> of <paramref name="pageSize"/>.</summary>
    public static void Write(HttpContext context, int page, int pageSize, bool hasMore, long? total)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = new List<string> { Link(context, 1, "first") };
        if (page > 1)
        {
            links.Add(Link(context, page - 1, "prev"));
        }

        if (hasMore)
        {
            links.Add(Link(context, page + 1, "next"));
        }

        if (total is { } count)
        {
            links.Add(Link(context, (int)Math.Max(1, (count + pageSize - 1) / pageSize), "last"));
            context.Response.Headers[TotalCount] = count.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.Headers.Link = new StringValues(string.Join(", ", links));
    }

    // The same request with another page: path and every other parameter as the caller sent them.
    private static string Link(HttpContext context, int page, string rel)
    {
        var query = new QueryBuilder(context.Request.Query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
        };
        return $"<{context.Request.PathBase}{context.Request.Path}{query}>; rel=\"{rel}\"";
    }
}
