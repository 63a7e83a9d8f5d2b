using System.Text;
using System.Text.Json;
using Rush.PaymentGateway.Simulator.Tests.Support;
using Rush.Testing;
using Rush.Testing.Gateway;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>Signed webhooks to a real receiver, and the delivery faults: duplicate, loss, reorder, delay, retries.</summary>
public sealed class WebhookTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PaymentGatewayClient _client = fixture.Client();
    private readonly WebhookSignature _signature = new(fixture.Simulator.WebhookSecret);

    [Fact]
    public async Task Each_status_change_sends_one_signed_webhook_in_order()
    {
        await fixture.Simulator.SetFaultsAsync(new { });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        await _client.ConfirmAsync(new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency), CancellationToken.None);

        var webhooks = await ReceivedAsync(init.PaymentId, 2);

        Assert.Equal(["AUTHORIZED", "completed"], webhooks.Select(w => w.Parsed.Status));
        Assert.Equal(["payment.authorized", "payment.completed"], webhooks.Select(w => w.Event));
        Assert.Equal(2, webhooks.Select(w => w.DeliveryId).Distinct().Count());
        Assert.All(webhooks, w =>
        {
            Assert.StartsWith("sha256=", w.Signature, StringComparison.Ordinal);
            Assert.True(_signature.Verify(w.Body, w.Signature));
            Assert.Equal(GatewaySimulatorProcess.TeamSlug, w.Parsed.TeamSlug);
            Assert.Equal(init.OrderId, w.Parsed.Data?.OrderId);
            Assert.Equal(init.Amount, w.Parsed.Data?.Amount);
            Assert.NotNull(w.Parsed.Timestamp);
        });
        Assert.True(webhooks[1].Parsed.IsCompleted);
    }

    [Fact]
    public async Task Tampered_webhook_body_or_foreign_secret_fails_verification()
    {
        await fixture.Simulator.SetFaultsAsync(new { });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        var webhook = (await ReceivedAsync(init.PaymentId, 1))[0];

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(webhook.Body).Replace("AUTHORIZED", "CONFIRMED", StringComparison.Ordinal));
        Assert.True(_signature.Verify(webhook.Body, webhook.Signature));
        Assert.False(_signature.Verify(tampered, webhook.Signature));
        Assert.False(new WebhookSignature("someone-else").Verify(webhook.Body, webhook.Signature));
    }

    [Fact]
    public async Task Refused_card_is_reported_as_failed_with_the_reason()
    {
        await fixture.Simulator.SetFaultsAsync(new { });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "insufficient_funds");

        var webhook = (await ReceivedAsync(init.PaymentId, 1))[0].Parsed;
        Assert.True(webhook.IsFailed);
        Assert.Equal("failed", webhook.Status);
        Assert.Equal("REJECTED", webhook.Data?.GatewayStatus);
        Assert.Equal("insufficient_funds", webhook.Data?.FailureReason);
    }

    [Fact]
    public async Task Duplicate_mode_delivers_the_same_webhook_twice_with_one_delivery_id()
    {
        await fixture.Simulator.SetFaultsAsync(new { webhookDuplicateProbability = 1.0 });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");

        var webhooks = await ReceivedAsync(init.PaymentId, 2);
        Assert.Equal(webhooks[0].DeliveryId, webhooks[1].DeliveryId);
        Assert.Equal(webhooks[0].Body, webhooks[1].Body);
        Assert.All(webhooks, w => Assert.True(_signature.Verify(w.Body, w.Signature)));
    }

    [Fact]
    public async Task Loss_mode_never_sends_the_webhook()
    {
        await fixture.Simulator.SetFaultsAsync(new { webhookLossProbability = 1.0 });
        var lost = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(lost.PaymentId, "success");
        var fate = (await fixture.Simulator.GetPaymentAsync(lost.PaymentId)).GetProperty("webhooks")[0].GetProperty("fate").GetString();

        // A later payment's webhook does arrive once the fault is off, so the silence above is the fault's doing.
        await fixture.Simulator.SetFaultsAsync(new { });
        var later = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(later.PaymentId, "success");
        await ReceivedAsync(later.PaymentId, 1);

        Assert.Equal("lost", fate);
        Assert.Empty(fixture.Receiver.For(lost.PaymentId));
        Assert.Equal(GatewayPaymentStatus.Authorized, Assert.Single((await _client.CheckAsync(lost.PaymentId, CancellationToken.None)).Payments).Status);
    }

    [Fact]
    public async Task Reorder_mode_lets_the_later_webhook_overtake_the_earlier_one()
    {
        await fixture.Simulator.SetFaultsAsync(new { webhookReorderProbability = 1.0, webhookReorderHoldSeconds = 600 });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        await _client.ConfirmAsync(new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency), CancellationToken.None);

        var webhooks = await ReceivedAsync(init.PaymentId, 2);
        Assert.Equal(["completed", "AUTHORIZED"], webhooks.Select(w => w.Parsed.Status));
    }

    [Fact]
    public async Task Delay_mode_holds_the_webhook_back_within_the_configured_range()
    {
        await fixture.Simulator.SetFaultsAsync(new { webhookDelayProbability = 1.0, webhookDelayMinSeconds = 1, webhookDelayMaxSeconds = 1 });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");

        await ReceivedAsync(init.PaymentId, 1);
        var view = (await fixture.Simulator.GetPaymentAsync(init.PaymentId)).GetProperty("webhooks")[0];
        Assert.Equal(1.0, view.GetProperty("delaySeconds").GetDouble());
    }

    [Fact]
    public async Task Webhook_is_retried_until_the_merchant_accepts_it()
    {
        await fixture.Simulator.SetFaultsAsync(new { });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        fixture.Receiver.FailNext(2);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");

        await ReceivedAsync(init.PaymentId, 1);
        JsonElement view = default;
        await Poll.UntilAsync(async () =>
        {
            view = (await fixture.Simulator.GetPaymentAsync(init.PaymentId)).GetProperty("webhooks")[0];
            return view.GetProperty("fate").GetString() == "delivered";
        }, Deadline, "the gateway to record the delivery");
        Assert.Equal(3, view.GetProperty("attempts").GetInt32());
    }

    private async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(string paymentId, int count)
    {
        await Poll.UntilAsync(() => Task.FromResult(fixture.Receiver.For(paymentId).Count >= count), Deadline,
            $"{count} webhook(s) of {paymentId}");
        return fixture.Receiver.For(paymentId);
    }
}
