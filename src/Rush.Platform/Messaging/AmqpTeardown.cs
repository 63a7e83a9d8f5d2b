using RabbitMQ.Client;

namespace Rush.Platform.Messaging;

/// <summary>Drops a RabbitMQ connection that is no longer trusted: bounded in time, never throws.</summary>
/// <remarks>
/// A publisher or consumer tears its connection down when the broker crashed, restarted or stopped answering.
/// A polite close waits for the broker's close-ok, which a dead or still-recovering broker may never send, and
/// a dispose that hangs or throws would leave the relay (or consumer) stuck holding the broken channel for good.
/// So: abort (no close handshake; closes the connection's channels too), then dispose, each within
/// <see cref="Limit"/>; whatever is left is abandoned to the GC. The caller must already have forgotten the
/// connection, so a failed teardown can never be reused.
/// </remarks>
public static class AmqpTeardown
{
    /// <summary>Longest wait for each step of the teardown.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Aborts and disposes <paramref name="connection"/> (and its channels).</summary>
    public static async Task DropAsync(IConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.AbortAsync(Limit).WaitAsync(Limit);
            await connection.DisposeAsync().AsTask().WaitAsync(Limit);
        }
        catch (Exception)
        {
            // Already gone, or stuck: either way nothing more to release, and nobody holds it any more.
        }
    }
}
