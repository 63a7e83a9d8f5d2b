namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>The allowed moves between statuses (pure rules, no state).</summary>
public static class PaymentLifecycle
{
    /// <summary>True when a payment in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(PaymentStatus from, PaymentStatus to) => from switch
    {
        // The merchant may cancel a payment nobody has paid yet (its booking was cancelled or timed out).
        PaymentStatus.New => to is PaymentStatus.FormShowed or PaymentStatus.Authorized or PaymentStatus.Failed
            or PaymentStatus.Rejected or PaymentStatus.Expired or PaymentStatus.Cancelled,
        PaymentStatus.FormShowed => to is PaymentStatus.Authorized or PaymentStatus.Failed or PaymentStatus.Rejected
            or PaymentStatus.Expired or PaymentStatus.Cancelled,
        PaymentStatus.Authorized => to is PaymentStatus.Confirmed or PaymentStatus.Cancelled,
        PaymentStatus.Confirmed => to is PaymentStatus.Refunded,
        _ => false,
    };

    /// <summary>True while the customer can still pay (the form accepts card data).</summary>
    public static bool IsPayable(PaymentStatus status) => status is PaymentStatus.New or PaymentStatus.FormShowed;

    /// <summary>True for statuses nothing ever leaves.</summary>
    public static bool IsFinal(PaymentStatus status) => status is PaymentStatus.Cancelled or PaymentStatus.Refunded
        or PaymentStatus.Failed or PaymentStatus.Rejected or PaymentStatus.Expired;
}
