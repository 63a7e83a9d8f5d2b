namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>The wire spelling of each status (as in the JSON answers).</summary>
public static class PaymentStatusNames
{
    /// <summary>NEW, FORM_SHOWED, AUTHORIZED, ...</summary>
    public static string Of(PaymentStatus status) => status switch
    {
        PaymentStatus.New => "NEW",
        PaymentStatus.FormShowed => "FORM_SHOWED",
        PaymentStatus.Authorized => "AUTHORIZED",
        PaymentStatus.Confirmed => "CONFIRMED",
        PaymentStatus.Cancelled => "CANCELLED",
        PaymentStatus.Refunded => "REFUNDED",
        PaymentStatus.Failed => "FAILED",
        PaymentStatus.Rejected => "REJECTED",
        PaymentStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };
}
