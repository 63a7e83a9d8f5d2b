namespace Rush.Platform.Observability;

/// <summary>The tags of one series, as recorded (a copy); equal to another set with the same pairs in any order.</summary>
internal sealed class TagSet
{
    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Tags = tags.ToArray();
        Hash = TagSetComparer.HashOf(tags);
    }

    /// <summary>The pairs in recording order.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>Order-independent hash of the pairs.</summary>
    public int Hash { get; }
}
