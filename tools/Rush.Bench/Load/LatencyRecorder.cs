namespace Rush.Bench.Load;

/// <summary>
/// One closed-loop worker's samples: latencies in <see cref="System.Diagnostics.Stopwatch"/> ticks, stored in
/// preallocated chunks (no copying when it grows), and counts by outcome. Single writer, no locking.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int ChunkSize = 16 * 1024;
    private readonly List<long[]> _full = [];
    private long[] _current = new long[ChunkSize];
    private int _position;

    /// <summary>Counts indexed by <see cref="Outcome"/>.</summary>
    public long[] Counts { get; } = new long[Outcomes.Count];

    /// <summary>Number of latencies recorded.</summary>
    public int Count => (_full.Count * ChunkSize) + _position;

    /// <summary>Records one finished request.</summary>
    public void Record(long ticks, Outcome outcome)
    {
        if (_position == ChunkSize)
        {
            _full.Add(_current);
            _current = new long[ChunkSize];
            _position = 0;
        }

        _current[_position++] = ticks;
        Counts[(int)outcome]++;
    }

    /// <summary>Copies the latencies into <paramref name="destination"/> at <paramref name="offset"/>; returns the new offset.</summary>
    public int CopyTo(long[] destination, int offset)
    {
        foreach (var chunk in _full)
        {
            Array.Copy(chunk, 0, destination, offset, ChunkSize);
            offset += ChunkSize;
        }

        Array.Copy(_current, 0, destination, offset, _position);
        return offset + _position;
    }
}
