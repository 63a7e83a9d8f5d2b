using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Form;

/// <summary>The gateway's test cards and what each one does.</summary>
public static class TestCards
{
    /// <summary>Always authorised.</summary>
    public const string Success = "4111111111111111";

    /// <summary>Always declined by the issuer.</summary>
    public const string Declined = "4000000000000002";

    /// <summary>Always refused for insufficient funds.</summary>
    public const string InsufficientFunds = "4000000000000119";

    /// <summary>The outcome of a card number (spaces and dashes ignored); null for a card the simulator does not know.</summary>
    public static PaymentOutcome? Outcome(string? cardNumber)
    {
        var digits = new string((cardNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits switch
        {
            Success => PaymentOutcome.Success,
            Declined => PaymentOutcome.Declined,
            InsufficientFunds => PaymentOutcome.InsufficientFunds,
            _ => null,
        };
    }
}
