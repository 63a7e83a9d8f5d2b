namespace Rush.Platform.Observability;

/// <summary>The tags of a measurement in flight: looked up without copying (see <see cref="TagSetComparer"/>).</summary>
internal readonly ref struct TagSpan(ReadOnlySpan<KeyValuePair<string, object?>> tags)
{
    /// <summary>The pairs as the instrument passed them.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
}
