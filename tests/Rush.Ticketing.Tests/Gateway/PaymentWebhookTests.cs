using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Tests.Gateway;

/// <summary>Both spellings of the final webhook statuses are understood.</summary>
public sealed class PaymentWebhookTests
{
    [Theory]
    [InlineData("completed", true, false)]
    [InlineData("CONFIRMED", true, false)]
    [InlineData("failed", false, true)]
    [InlineData("FAILED", false, true)]
    [InlineData("AUTHORIZED", false, false)]
    public void Final_statuses_are_recognised_in_both_spellings(string status, bool completed, bool failed)
    {
        var webhook = PaymentWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"paymentId":"pay_1","status":"{{{status}}}","teamSlug":"rush","timestamp":"2026-11-22T10:00:00Z","data":{"order_id":"b-1","amount":100,"currency":"RUB","failure_reason":"card_declined"}}"""));

        Assert.NotNull(webhook);
        Assert.Equal((completed, failed), (webhook.IsCompleted, webhook.IsFailed));
        Assert.Equal("b-1", webhook.Data?.OrderId);
        Assert.Equal("card_declined", webhook.Data?.FailureReason);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"paymentId":"","status":"completed"}""")]
    public void Body_that_is_not_a_webhook_parses_to_null(string body) =>
        Assert.Null(PaymentWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
}
