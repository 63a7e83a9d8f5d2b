using System.Collections.Concurrent;

namespace Rush.Bench.Load;

/// <summary>
/// Counts failures by description ("HTTP 503", "grpc-status 14 UNAVAILABLE: ...") for the report.
/// Only the error path touches it, so a concurrent dictionary is cheap enough.
/// </summary>
internal sealed class ErrorTally
{
    private const int MaxDistinct = 50;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    /// <summary>Counts one failure.</summary>
    public void Add(string description)
    {
        if (_counts.Count >= MaxDistinct && !_counts.ContainsKey(description))
        {
            description = "(other distinct errors)";
        }

        _counts.AddOrUpdate(description, 1, static (_, n) => n + 1);
    }

    /// <summary>The counts, most frequent first.</summary>
    public Dictionary<string, long> Snapshot()
    {
        var list = new List<KeyValuePair<string, long>>(_counts);
        list.Sort(static (a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        var result = new Dictionary<string, long>(list.Count, StringComparer.Ordinal);
        foreach (var (key, value) in list)
        {
            result[key] = value;
        }

        return result;
    }
}
