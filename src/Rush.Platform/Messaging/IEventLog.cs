namespace Rush.Platform.Messaging;

/// <summary>The event log as Rush needs it: topics with consumer groups, durable publish.</summary>
/// <remarks>
/// Seed 001 names Kafka; neither a Kafka broker nor a .NET Kafka client installs here, so RabbitMQ
/// implements this interface (<see cref="RabbitMqEventLog"/>). A Kafka implementation must be a
/// drop-in: publish returns only when the broker has taken responsibility for every event.
/// </remarks>
public interface IEventLog
{
    /// <summary>Publishes the events and returns once the broker confirmed all of them.</summary>
    /// <exception cref="EventLogUnavailableException">The broker is unreachable or refused an event.</exception>
    Task PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken ct);

    /// <summary>True while a connection to the broker is open.</summary>
    bool IsConnected { get; }

    /// <summary>Connects if needed; throws <see cref="EventLogUnavailableException"/> when it cannot.</summary>
    Task EnsureConnectedAsync(CancellationToken ct);
}
