using Microsoft.Extensions.Options;
using Rush.PaymentGateway.Simulator.Api;
using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>
/// Every status change of a payment goes through here: it checks the lifecycle under the payment's lock and
/// queues the webhook while still holding it, so a payment's webhooks are queued in the order of its changes.
/// </summary>
public sealed class PaymentProcessor(PaymentStore store, WebhookDispatcher webhooks, TimeProvider clock, IOptions<GatewayOptions> options)
{
    /// <summary>Registers a payment, or returns the one already registered for its order id (idempotent init).</summary>
    public PaymentResult Register(Payment candidate)
    {
        var (payment, created) = store.Register(candidate);
        if (created)
        {
            return new PaymentResult(payment.Snapshot(), null);
        }

        // A retried init (its first answer was lost) must get the same payment; other payment data is a conflict.
        var same = payment.Amount == candidate.Amount && string.Equals(payment.Currency, candidate.Currency, StringComparison.Ordinal);
        ExpireIfDue(payment);
        return new PaymentResult(payment.Snapshot(), same ? null : GatewayError.Duplicate(candidate.OrderId));
    }

    /// <summary>A payment's lifetime when init gives none.</summary>
    public TimeSpan DefaultLifetime => TimeSpan.FromMinutes(options.Value.DefaultPaymentExpiryMinutes);

    /// <summary>The customer opened the form: NEW moves to FORM_SHOWED (other statuses stay).</summary>
    public PaymentSnapshot ShowForm(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ExpireIfDue(payment);
        lock (payment.Gate)
        {
            if (payment.Status == PaymentStatus.New)
            {
                Move(payment, PaymentStatus.FormShowed, null);
            }

            return payment.Snapshot();
        }
    }

    /// <summary>The customer paid (through the form or the admin shortcut) with the given outcome.</summary>
    public PaymentResult Pay(Payment payment, PaymentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ExpireIfDue(payment);
        lock (payment.Gate)
        {
            if (!PaymentLifecycle.IsPayable(payment.Status))
            {
                return Refused(payment, GatewayError.BadArgument($"Payment {payment.PaymentId} is {Wire(payment.Status)} and cannot be paid."));
            }

            // The lifecycle always passes through the form, also for the admin shortcut.
            if (payment.Status == PaymentStatus.New)
            {
                Move(payment, PaymentStatus.FormShowed, null);
            }

            var (status, reason) = PaymentOutcomes.Resolve(outcome);
            Move(payment, status, reason);
            return new PaymentResult(payment.Snapshot(), null);
        }
    }

    /// <summary>The merchant takes the money of an authorised payment.</summary>
    public PaymentResult Confirm(Payment payment, long amount)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ExpireIfDue(payment);
        lock (payment.Gate)
        {
            switch (payment.Status)
            {
                case PaymentStatus.Confirmed or PaymentStatus.Refunded:
                    return Refused(payment, GatewayError.AlreadyConfirmed(payment.PaymentId));
                case PaymentStatus.Cancelled:
                    return Refused(payment, GatewayError.AlreadyCancelled(payment.PaymentId));
                case not PaymentStatus.Authorized:
                    return Refused(payment, GatewayError.BadArgument($"Payment {payment.PaymentId} is {Wire(payment.Status)}, not AUTHORIZED."));
            }

            if (amount != payment.Amount)
            {
                return Refused(payment, GatewayError.BadArgument($"The amount must be the authorised amount {payment.Amount} (no partial confirmation)."));
            }

            payment.ConfirmedAt = clock.GetUtcNow();
            Move(payment, PaymentStatus.Confirmed, null);
            return new PaymentResult(payment.Snapshot(), null);
        }
    }

    /// <summary>The merchant cancels: an unpaid or authorised payment is CANCELLED, a confirmed one REFUNDED.</summary>
    public PaymentResult Cancel(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ExpireIfDue(payment);
        lock (payment.Gate)
        {
            switch (payment.Status)
            {
                case PaymentStatus.Cancelled or PaymentStatus.Refunded:
                    return Refused(payment, GatewayError.AlreadyCancelled(payment.PaymentId));
                case PaymentStatus.Confirmed:
                    Move(payment, PaymentStatus.Refunded, null);
                    return new PaymentResult(payment.Snapshot(), null);
                case PaymentStatus.New or PaymentStatus.FormShowed or PaymentStatus.Authorized:
                    Move(payment, PaymentStatus.Cancelled, null);
                    return new PaymentResult(payment.Snapshot(), null);
                default:
                    return Refused(payment, GatewayError.BadArgument($"Payment {payment.PaymentId} is {Wire(payment.Status)} and cannot be cancelled."));
            }
        }
    }

    /// <summary>Moves an unpaid payment to EXPIRED now (the admin shortcut), whatever its expiry time.</summary>
    public PaymentResult Expire(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (payment.Gate)
        {
            if (!PaymentLifecycle.IsPayable(payment.Status))
            {
                return Refused(payment, GatewayError.BadArgument($"Payment {payment.PaymentId} is {Wire(payment.Status)} and cannot expire."));
            }

            Move(payment, PaymentStatus.Expired, "expired");
            return new PaymentResult(payment.Snapshot(), null);
        }
    }

    /// <summary>Moves the payment to EXPIRED when it is unpaid and past its expiry; true when it did.</summary>
    public bool ExpireIfDue(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (payment.Gate)
        {
            if (!PaymentLifecycle.IsPayable(payment.Status) || clock.GetUtcNow() < payment.ExpiresAt)
            {
                return false;
            }

            Move(payment, PaymentStatus.Expired, "expired");
            return true;
        }
    }

    private static PaymentResult Refused(Payment payment, GatewayError error) => new(payment.Snapshot(), error);

    private static string Wire(PaymentStatus status) => PaymentStatusNames.Of(status);

    // Caller holds payment.Gate.
    private void Move(Payment payment, PaymentStatus to, string? reason)
    {
        if (!PaymentLifecycle.CanMove(payment.Status, to))
        {
            throw new InvalidOperationException($"Payment {payment.PaymentId}: {payment.Status} -> {to} is not a lifecycle move.");
        }

        payment.Status = to;
        payment.UpdatedAt = clock.GetUtcNow();
        payment.FailureReason = reason ?? payment.FailureReason;

        // Opening the form is not a payment event: like Tinkoff-style gateways, no webhook for FORM_SHOWED.
        if (to != PaymentStatus.FormShowed)
        {
            webhooks.Notify(payment.Snapshot());
        }
    }
}
