using System.Text.RegularExpressions;

namespace Rush.Platform.Counters;

/// <summary>
/// The Redis layout of view counters (seed 003's <c>post:{id}:views</c>, generalised to any kind of item).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>views:{kind}:{id}</c> — string, <c>INCR</c> per view: the views not yet claimed by a flush.</item>
/// <item><c>views:dirty</c> — set of members <c>{kind}:{id}</c> incremented since their last claim (no SCAN needed).</item>
/// <item><c>views:flushes</c> — sorted set, flush id → claim time (Unix ms): flushes claimed but not yet cleared.</item>
/// <item><c>views:flush:{flushId}</c> — hash, member → views claimed by that flush, until it is in Postgres.</item>
/// </list>
/// The scripts build <c>views:{member}</c> and <c>views:flush:{id}</c> from values, so all keys must live on one Redis
/// (no cluster slots), as everywhere in Rush.
/// </remarks>
public static partial class ViewCounterKeys
{
    /// <summary>The set of members with unclaimed views.</summary>
    public const string Dirty = "views:dirty";

    /// <summary>The sorted set of pending flushes.</summary>
    public const string Flushes = "views:flushes";

    /// <summary>The member name of an item: <c>{kind}:{id}</c>; <see cref="ArgumentException"/> when <see cref="Problem"/> finds one.</summary>
    public static string Member(string kind, string id) =>
        Problem(kind, id) is { } problem ? throw new ArgumentException(problem) : kind + ":" + id;

    /// <summary>Why <paramref name="kind"/>/<paramref name="id"/> cannot name a counter, or null when they can.</summary>
    public static string? Problem(string kind, string id) =>
        kind is null || !KindPattern().IsMatch(kind) ? $"A counter kind is a lower-case letter, then letters, digits or '_', at most 32 (got '{kind}')."
        : string.IsNullOrEmpty(id) || id.Length > 200 ? "A counter id is 1 to 200 characters."
        : null;

    /// <summary>The counter key of a member: <c>views:{kind}:{id}</c>.</summary>
    public static string Counter(string member) => "views:" + member;

    /// <summary>The hash of a pending flush.</summary>
    public static string Flush(string flushId) => "views:flush:" + flushId;

    /// <summary>Splits a member back into kind and id (the kind never contains ':').</summary>
    public static (string Kind, string Id) Parse(string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (member[..colon], member[(colon + 1)..]) : throw new FormatException($"'{member}' is not a counter member.");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex KindPattern();
}
