using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rush.Kitchen.Orders;
using Rush.Platform.Http;

namespace Rush.Kitchen.Workflow;

/// <summary>An order's version as its HTTP entity tag (<c>ETag: "3"</c>) and the version a caller expects.</summary>
/// <remarks>
/// The version is the order's whole concurrency token (it grows with every change), so it is a
/// strong validator. A caller states what it expects either with <c>If-Match: "3"</c> or with
/// <c>expectedVersion</c> in the body, for clients that cannot set headers; both at once must agree.
/// </remarks>
public static class OrderETag
{
    /// <summary>The entity tag of a version: the number in double quotes.</summary>
    public static string Format(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Parses an If-Match value: true with null for none or <c>*</c> (any version), true with the
    /// version for one strong tag, false for anything else (weak or several tags, not a version).
    /// </summary>
    public static bool TryParseIfMatch(string? header, out int? version)
    {
        version = null;
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value) || value == "*")
        {
            return true;
        }

        if (value.Length < 3 || value[0] != '"' || value[^1] != '"'
            || !int.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        version = parsed;
        return true;
    }

    /// <summary>The version the caller expects (null: any), from If-Match and/or the body, or a 400 problem.</summary>
    public static (int? Expected, IResult? Problem) Expected(HttpContext context, int? fromBody)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryParseIfMatch(context.Request.Headers.IfMatch.ToString(), out var fromHeader))
        {
            return (null, Problem.Result(context, 400, "invalid_if_match",
                "If-Match must be one strong entity tag holding an order version, e.g. If-Match: \"3\" (or *)."));
        }

        if (fromBody is < 1)
        {
            return (null, Problem.Result(context, 400, "validation_failed", "expectedVersion must be 1 or more.",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["expectedVersion"] = ["Versions start at 1."] } }));
        }

        if (fromHeader is not null && fromBody is not null && fromHeader != fromBody)
        {
            return (null, Problem.Result(context, 400, "conflicting_preconditions",
                $"If-Match expects version {fromHeader} but expectedVersion is {fromBody}; send one, or the same in both."));
        }

        return (fromHeader ?? fromBody, null);
    }

    /// <summary>200 with the order's view (with the contact data the caller may see) and its ETag.</summary>
    public static IResult Ok(HttpContext context, KitchenOrder order, ContactData contact = ContactData.Full)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        context.Response.Headers.ETag = Format(order.Version);
        return Results.Json(OrderView.From(order).Showing(contact), KitchenJson.Api.OrderView);
    }
}
