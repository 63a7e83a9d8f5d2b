using System.Globalization;
using System.Net;
using System.Text;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Form;

/// <summary>The HTML of the payment form and its message pages: self-contained, no scripts, no CDN.</summary>
public static class PaymentFormPage
{
    private const string Style =
        "body{font-family:sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.6rem 0 .2rem}"
        + "input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}"
        + "small{color:#555}";

    /// <summary>The card form of a payable payment, with an optional error line.</summary>
    public static string Form(PaymentSnapshot payment, string? description, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var amount = (payment.Amount / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var body = new StringBuilder()
            .Append("<h1>Payment</h1>")
            .Append("<p>").Append(Encode(description ?? $"Order {payment.OrderId}")).Append("</p>")
            .Append("<p><strong>").Append(amount).Append(' ').Append(Encode(payment.Currency)).Append("</strong></p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"/api/v1/paymentform/submit\">")
            .Append("<input type=\"hidden\" name=\"paymentId\" value=\"").Append(Encode(payment.PaymentId)).Append("\">")
            .Append("<label for=\"cardNumber\">Card number</label><input id=\"cardNumber\" name=\"cardNumber\" inputmode=\"numeric\" autocomplete=\"cc-number\" required>")
            .Append("<label for=\"expiry\">Expiry (MM/YY)</label><input id=\"expiry\" name=\"expiry\" autocomplete=\"cc-exp\" required>")
            .Append("<label for=\"cvv\">CVV</label><input id=\"cvv\" name=\"cvv\" inputmode=\"numeric\" autocomplete=\"cc-csc\" required>")
            .Append("<label for=\"cardholder\">Cardholder</label><input id=\"cardholder\" name=\"cardholder\" autocomplete=\"cc-name\">")
            .Append("<button type=\"submit\">Pay</button></form>")
            .Append("<p><small>Test cards: ").Append(TestCards.Success).Append(" pays, ").Append(TestCards.Declined)
            .Append(" is declined, ").Append(TestCards.InsufficientFunds).Append(" has insufficient funds.</small></p>");
        return Page("Payment", body.ToString());
    }

    /// <summary>A page with a title and one message (not payable, form failure, result without a redirect URL).</summary>
    public static string Message(string title, string message) =>
        Page(title, $"<h1>{Encode(title)}</h1><p>{Encode(message)}</p>");

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
        + $"<title>{Encode(title)}</title><style>{Style}</style></head><body>{body}</body></html>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
