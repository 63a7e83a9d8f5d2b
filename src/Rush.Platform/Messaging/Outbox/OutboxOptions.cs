using System.ComponentModel.DataAnnotations;

namespace Rush.Platform.Messaging.Outbox;

/// <summary>Settings of the outbox relay (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Events published per broker round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Most events per broker message (<see cref="EventBatch"/>): 1 sends every event as its own message. Above 1, the
    /// consumers of every topic must read deliveries with <see cref="DeliveredEvents"/> first (a consumer that does
    /// not know the batch type dead-letters it); see README "Performance".
    /// </summary>
    [Range(1, 1_000)]
    public int EventsPerMessage { get; set; } = 1;

    /// <summary>How often the relay looks for events when nobody woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the broker to confirm one batch before the relay drops the connection and retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between retries while the broker is down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
