using Rush.PaymentGateway.Simulator.Tests.Support;
using Rush.Testing;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>With <c>Gateway:WebhookFinalStatusSpelling=Uppercase</c> final states are spelled CONFIRMED / FAILED, as seed 002 expects.</summary>
public sealed class UppercaseWebhookTests(UppercaseWebhookTests.UppercaseFixture fixture) : IClassFixture<UppercaseWebhookTests.UppercaseFixture>
{
    [Fact]
    public async Task Final_states_are_spelled_confirmed_and_failed()
    {
        var client = fixture.Client();
        var paid = await client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        var refused = await client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(paid.PaymentId, "success");
        await client.ConfirmAsync(new PaymentReference(paid.PaymentId, paid.OrderId, paid.Amount, paid.Currency), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(refused.PaymentId, "declined");

        await Poll.UntilAsync(() => Task.FromResult(fixture.Receiver.For(paid.PaymentId).Count >= 2 && fixture.Receiver.For(refused.PaymentId).Count >= 1),
            TimeSpan.FromSeconds(30), "the webhooks of both payments");

        var confirmed = fixture.Receiver.For(paid.PaymentId)[1].Parsed;
        var failed = fixture.Receiver.For(refused.PaymentId)[0].Parsed;
        Assert.Equal(("CONFIRMED", true), (confirmed.Status, confirmed.IsCompleted));
        Assert.Equal(("FAILED", true), (failed.Status, failed.IsFailed));
    }

    /// <summary>A simulator configured for the upper-case spelling.</summary>
    public sealed class UppercaseFixture : SimulatorFixture
    {
        /// <inheritdoc />
        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string> { ["Gateway:WebhookFinalStatusSpelling"] = "Uppercase" };
    }
}
