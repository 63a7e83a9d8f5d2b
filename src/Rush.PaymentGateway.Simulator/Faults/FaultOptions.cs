using System.ComponentModel.DataAnnotations;

namespace Rush.PaymentGateway.Simulator.Faults;

/// <summary>
/// Probabilities (0..1) of each failure the real gateway shows (section <c>Gateway:Faults</c>); all 0 means a
/// healthy gateway. Replaced as a whole at run time by <c>PUT /admin/faults</c>.
/// </summary>
public sealed class FaultOptions : IValidatableObject
{
    /// <summary>Init registers the payment, then the connection is aborted before any answer.</summary>
    [Range(0.0, 1.0)]
    public double InitAbortProbability { get; set; }

    /// <summary>Init registers the payment, then answers only after <see cref="InitDelaySeconds"/>.</summary>
    [Range(0.0, 1.0)]
    public double InitDelayProbability { get; set; }

    /// <summary>How late a delayed init answers.</summary>
    [Range(0, 600)]
    public int InitDelaySeconds { get; set; } = 60;

    /// <summary>Any merchant API call answers 500 / 9999 without doing anything.</summary>
    [Range(0.0, 1.0)]
    public double InternalErrorProbability { get; set; }

    /// <summary>Any merchant API call hangs for <see cref="TimeoutSeconds"/>, then answers 504 / 1408 without doing anything.</summary>
    [Range(0.0, 1.0)]
    public double TimeoutProbability { get; set; }

    /// <summary>How long a timed-out call hangs.</summary>
    [Range(0, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The payment form fails after the card data was sent; the payment stays payable.</summary>
    [Range(0.0, 1.0)]
    public double FormFailureProbability { get; set; }

    /// <summary>A good card is refused by the acquiring bank (network, authorisation, fraud, no 3-D Secure).</summary>
    [Range(0.0, 1.0)]
    public double AcquiringFailureProbability { get; set; }

    /// <summary>A webhook waits a random time between the two bounds below before its first attempt.</summary>
    [Range(0.0, 1.0)]
    public double WebhookDelayProbability { get; set; }

    /// <summary>Lower bound of a webhook delay.</summary>
    [Range(0, 3600)]
    public int WebhookDelayMinSeconds { get; set; } = 1;

    /// <summary>Upper bound of a webhook delay.</summary>
    [Range(0, 3600)]
    public int WebhookDelayMaxSeconds { get; set; } = 10;

    /// <summary>A webhook is delivered twice, with the same delivery id.</summary>
    [Range(0.0, 1.0)]
    public double WebhookDuplicateProbability { get; set; }

    /// <summary>A webhook is held back until the payment's next one has gone out (or the hold time passed).</summary>
    [Range(0.0, 1.0)]
    public double WebhookReorderProbability { get; set; }

    /// <summary>Longest time a held-back webhook waits for the next one.</summary>
    [Range(0, 3600)]
    public int WebhookReorderHoldSeconds { get; set; } = 5;

    /// <summary>A webhook is never sent.</summary>
    [Range(0.0, 1.0)]
    public double WebhookLossProbability { get; set; }

    /// <summary>A copy, so the live settings are never mutated in place.</summary>
    public FaultOptions Clone() => (FaultOptions)MemberwiseClone();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebhookDelayMinSeconds > WebhookDelayMaxSeconds)
        {
            yield return new ValidationResult(
                "WebhookDelayMinSeconds must not exceed WebhookDelayMaxSeconds.",
                [nameof(WebhookDelayMinSeconds), nameof(WebhookDelayMaxSeconds)]);
        }
    }
}
