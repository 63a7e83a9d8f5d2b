using System.Collections.Concurrent;

namespace Rush.Kitchen.Screens;

/// <summary>Counts this instance's open screens, in total and per client, against <see cref="ScreensOptions"/>' caps.</summary>
/// <remarks>
/// Per instance, not shared through Redis: a count in Redis would outlive an instance that dies with
/// sockets open. Behind N instances the caps allow up to N times as many screens.
/// </remarks>
internal sealed class ScreenConnections
{
    private readonly ConcurrentDictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Why a screen was refused, or null when it got a place (release it with <see cref="Leave"/>).</summary>
    public ScreenRefusal? TryEnter(string client, ScreensOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Interlocked.Increment(ref _total) > options.MaxConnections)
        {
            Interlocked.Decrement(ref _total);
            return ScreenRefusal.InstanceFull;
        }

        var count = _perClient.AddOrUpdate(client, 1, static (_, n) => n + 1);
        if (count > options.MaxConnectionsPerClient)
        {
            Leave(client);
            return ScreenRefusal.ClientFull;
        }

        return null;
    }

    /// <summary>Gives back the place of a screen of <paramref name="client"/>.</summary>
    public void Leave(string client)
    {
        Interlocked.Decrement(ref _total);
        if (_perClient.AddOrUpdate(client, 0, static (_, n) => n - 1) <= 0)
        {
            // Only removed while still zero, so a concurrent TryEnter's count is never lost.
            _perClient.TryRemove(new KeyValuePair<string, int>(client, 0));
        }
    }
}

/// <summary>Why a screen was turned away.</summary>
internal enum ScreenRefusal
{
    /// <summary>The instance has <see cref="ScreensOptions.MaxConnections"/> screens open.</summary>
    InstanceFull,

    /// <summary>The client has <see cref="ScreensOptions.MaxConnectionsPerClient"/> screens open.</summary>
    ClientFull,
}
