namespace Rush.Ticketing.Gateway;

/// <summary>The gateway's payment statuses, as spelled in its answers.</summary>
public static class GatewayPaymentStatus
{
    /// <summary>Registered, unpaid.</summary>
    public const string New = "NEW";

    /// <summary>The customer opened the form.</summary>
    public const string FormShowed = "FORM_SHOWED";

    /// <summary>Card charged on hold; the merchant must confirm.</summary>
    public const string Authorized = "AUTHORIZED";

    /// <summary>Money taken.</summary>
    public const string Confirmed = "CONFIRMED";

    /// <summary>Cancelled before confirmation.</summary>
    public const string Cancelled = "CANCELLED";

    /// <summary>Authorisation reversed (some gateways answer this to a cancel of an authorised payment).</summary>
    public const string Reversed = "REVERSED";

    /// <summary>Money given back.</summary>
    public const string Refunded = "REFUNDED";

    /// <summary>Processing failed.</summary>
    public const string Failed = "FAILED";

    /// <summary>The bank refused the card.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>Nobody paid in time.</summary>
    public const string Expired = "EXPIRED";

    /// <summary>True for the statuses in which no money was or will be taken.</summary>
    public static bool IsUnpaidFinal(string status) =>
        status is Cancelled or Reversed or Failed or Rejected or Expired;
}
