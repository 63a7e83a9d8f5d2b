namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>What happens when the customer pays: the test card's answer or the acquiring bank's failure.</summary>
public enum PaymentOutcome
{
    /// <summary>Authorised (card 4111111111111111).</summary>
    Success,

    /// <summary>Declined by the issuer (card 4000000000000002).</summary>
    Declined,

    /// <summary>Not enough money (card 4000000000000119).</summary>
    InsufficientFunds,

    /// <summary>The acquiring bank could not be reached.</summary>
    NetworkError,

    /// <summary>The acquiring bank answered with an authorisation error.</summary>
    AuthorizationError,

    /// <summary>The acquiring bank suspects fraud.</summary>
    SuspectedFraud,

    /// <summary>The card has no online payments or no 3-D Secure.</summary>
    No3DSecure,
}
