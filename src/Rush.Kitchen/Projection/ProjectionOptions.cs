using System.ComponentModel.DataAnnotations;

namespace Rush.Kitchen.Projection;

/// <summary>Settings of the consumer group and the hot-state bootstrap (section <c>Projection</c>).</summary>
public sealed class ProjectionOptions
{
    /// <summary>Consumer group: the durable quorum queue bound to <c>pizza-orders</c> (seed: order-service-stable-group).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,200}$")]
    public string ConsumerGroup { get; set; } = "order-service-stable-group";

    /// <summary>Unacknowledged messages the broker may hand this instance at once.</summary>
    [Range(1, 10_000)]
    public ushort Prefetch { get; set; } = 200;

    /// <summary>Messages projected concurrently per instance.</summary>
    [Range(1, 256)]
    public ushort Concurrency { get; set; } = 8;

    /// <summary>
    /// Quorum queue <c>x-delivery-limit</c>: a message the projector failed on is redelivered this
    /// many times, then dead-lettered to <c>{ConsumerGroup}.dlq</c>. Changing it needs the queue re-created.
    /// </summary>
    [Range(1, 1000)]
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>First wait before projecting a message again after a failure; doubles up to <see cref="MaxRetryBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between retries (projection failures, broker reconnects).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In-process attempts on a failing message before it is handed back to the broker (one delivery used up).</summary>
    [Range(1, 100)]
    public int AttemptsPerDelivery { get; set; } = 3;

    /// <summary>Retention of the <c>pizza-orders.stream</c> queue by age (RabbitMQ <c>x-max-age</c>; seed: Kafka 24 h).</summary>
    [Required]
    [RegularExpression("^[0-9]+[YMDhms]$")]
    public string StreamMaxAge { get; set; } = "24h";

    /// <summary>Retention of the <c>pizza-orders.stream</c> queue by size (seed: Kafka 5 GB).</summary>
    [Range(1_000_000L, long.MaxValue)]
    public long StreamMaxLengthBytes { get; set; } = 5_000_000_000L;

    /// <summary>How often each instance checks that Redis still holds the hot state (the ready marker).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HotStateCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
