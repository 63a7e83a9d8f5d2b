using System.ComponentModel.DataAnnotations;

namespace Rush.Ticketing;

/// <summary>Ticketing settings (section <c>Ticketing</c>); the breaker also reads the seed's environment names.</summary>
public sealed class TicketingOptions
{
    /// <summary>How long a selected seat is held for its booking (seed: 5 minutes, <c>SET ... NX EX 300</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a booking may stay unpaid before the sweeper cancels it (seed: 15 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UnpaidBookingTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most seats one booking may hold at once.</summary>
    [Range(1, 100)]
    public int MaxSeatsPerBooking { get; set; } = 10;

    /// <summary>A paid booking can be refunded until this long before the event.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RefundCutoff { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the sweeper and the payment reconciler run.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A payment with no final webhook after this long is checked with the gateway (lost webhooks).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Enables <c>POST /api/reset</c>; off unless configured (it wipes bookings and payments).</summary>
    public bool EnableReset { get; set; }

    /// <summary>Most bookings one user may have open (created or pending_payment, not lapsed) at once: no seat hoarding.</summary>
    [Range(1, 1000)]
    public int MaxOpenBookingsPerUser { get; set; } = 10;

    /// <summary>How long a seat listed first to one buyer is listed after the others' (spreads concurrent buyers).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan SeatOfferTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A signed webhook whose own <c>timestamp</c> is older than this (or as far ahead) is refused as a replay.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan WebhookMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long <c>GET /api/analytics</c> answers for one event are reused (reading every seat's hold is not free).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan AnalyticsCacheTtl { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Currency sent to the gateway. Prices are in tenge, but the gateway (docs/payment-gateway.md) only
    /// accepts RUB, USD and EUR; a deployment sets what its acquirer settles in.
    /// </summary>
    [RegularExpression("^(RUB|USD|EUR|KZT)$")]
    public string Currency { get; set; } = "RUB";

    /// <summary>Base URL the gateway uses to reach us (webhook, success and fail callbacks).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Circuit breaker around the payment gateway.</summary>
    [Required]
    public BreakerSettings CircuitBreaker { get; set; } = new();

    /// <summary>Breaker thresholds (seed 002: <c>CIRCUIT_BREAKER_FAILURE_THRESHOLD</c>, <c>CIRCUIT_BREAKER_TIMEOUT_SECONDS</c>).</summary>
    public sealed class BreakerSettings
    {
        /// <summary>Failures in a row that open the breaker.</summary>
        [Range(1, 1000)]
        public int FailureThreshold { get; set; } = 5;

        /// <summary>Seconds the breaker stays open before letting a trial call through.</summary>
        [Range(1, 3600)]
        public int TimeoutSeconds { get; set; } = 60;
    }
}
