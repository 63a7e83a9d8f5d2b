using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Tests.Gateway;

/// <summary>The token formula against digests computed outside .NET (<c>printf '%s' ... | sha256sum</c>).</summary>
public sealed class PaymentTokenTests
{
    [Fact]
    public void Payment_token_is_sha256_of_amount_currency_order_password_team_in_that_order()
    {
        // printf '%s' "4000000RUBbooking-42s3cretrush" | sha256sum
        Assert.Equal("236d4c0b23e7206cdaa6db639420adac385d1ee969074704731f4de0546849f9",
            PaymentToken.ForPayment(4_000_000, "RUB", "booking-42", "s3cret", "rush"));
    }

    [Fact]
    public void Check_token_is_sha256_of_payment_id_password_team()
    {
        // printf '%s' "pay_0123456789abcdef0123s3cretrush" | sha256sum
        Assert.Equal("ee68192615a50c1343244e83d0d1f4e246e55cc7eca5055ae6f7126b92c11fae",
            PaymentToken.ForLookup("pay_0123456789abcdef0123", "s3cret", "rush"));
    }

    [Fact]
    public void Check_by_order_token_is_sha256_of_order_id_password_team()
    {
        // printf '%s' "booking-42s3cretrush" | sha256sum
        Assert.Equal("465298d157bf4198cfe442f5eaa63281a482b3319a3330378ec74779d3e33a00",
            PaymentToken.ForLookup("booking-42", "s3cret", "rush"));
    }

    [Fact]
    public void Amount_is_written_with_invariant_digits_whatever_the_thread_culture()
    {
        var before = Thread.CurrentThread.CurrentCulture;
        try
        {
            // ru-RU would group thousands with a non-breaking space if the amount were formatted culture-sensitively.
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("ru-RU");
            Assert.Equal("236d4c0b23e7206cdaa6db639420adac385d1ee969074704731f4de0546849f9",
                PaymentToken.ForPayment(4_000_000, "RUB", "booking-42", "s3cret", "rush"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }
}
