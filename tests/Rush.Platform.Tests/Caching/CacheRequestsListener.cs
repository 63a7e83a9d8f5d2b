using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Rush.Platform.Observability;

namespace Rush.Platform.Tests.Caching;

/// <summary>Collects the <c>result</c> tags of <c>rush.cache.requests</c> for one cache name (tests use a unique name each).</summary>
internal sealed class CacheRequestsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _results = new();

    public CacheRequestsListener(string cache)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RushMeter.Name && instrument.Name == "rush.cache.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? name = null, result = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "cache")
                {
                    name = tag.Value as string;
                }
                else if (tag.Key == "result")
                {
                    result = tag.Value as string;
                }
            }

            if (name == cache && result is not null)
            {
                for (var i = 0; i < value; i++)
                {
                    _results.Enqueue(result);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The results recorded so far, in order.</summary>
    public IReadOnlyList<string> Results => [.. _results];

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
