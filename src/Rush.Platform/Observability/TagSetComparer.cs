namespace Rush.Platform.Observability;

/// <summary>Compares tag sets as sets, and lets a measurement's tag span find its series without allocating.</summary>
/// <remarks>
/// Why: every request records three measurements; building a key object for each would be the
/// exporter's main allocation. With an alternate lookup the span is hashed and compared in place and a
/// <see cref="TagSet"/> is only created the first time a label set is seen.
/// </remarks>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<TagSpan, TagSet>
{
    public static TagSetComparer Instance { get; } = new();

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Sum of per-pair hashes: independent of the order the caller listed the tags in.
        var hash = 0;
        foreach (var (key, value) in tags)
        {
            hash += HashCode.Combine(key, value);
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SameTags(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(TagSpan alternate, TagSet other) => SameTags(alternate.Tags, other.Tags);

    public int GetHashCode(TagSpan alternate) => HashOf(alternate.Tags);

    public TagSet Create(TagSpan alternate) => new(alternate.Tags);

    private static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> a, ReadOnlySpan<KeyValuePair<string, object?>> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        // A handful of tags: a quadratic scan beats sorting.
        foreach (var (key, value) in a)
        {
            var found = false;
            foreach (var other in b)
            {
                if (other.Key == key && Equals(other.Value, value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
