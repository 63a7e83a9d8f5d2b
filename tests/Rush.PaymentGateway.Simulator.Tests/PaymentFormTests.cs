using System.Net;
using Rush.PaymentGateway.Simulator.Tests.Support;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>The customer's HTML form: rendering, each test card, redirects to successURL / failURL.</summary>
public sealed class PaymentFormTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly PaymentGatewayClient _client = fixture.Client();
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Fact]
    public async Task Opening_the_form_shows_the_card_fields_and_moves_the_payment_to_form_showed()
    {
        var init = await _client.InitAsync(fixture.NewPayment(amount: 40_000_00), CancellationToken.None);

        using var page = await _browser.GetAsync(init.PaymentUrl);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("name=\"cardNumber\"", html, StringComparison.Ordinal);
        Assert.Contains("40000.00 RUB", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(GatewayPaymentStatus.FormShowed, await StatusAsync(init.PaymentId));
    }

    [Theory]
    [InlineData("4111 1111 1111 1111", "AUTHORIZED", "/payments/success", null)]
    [InlineData("4000000000000002", "REJECTED", "/payments/fail", "card_declined")]
    [InlineData("4000-0000-0000-0119", "REJECTED", "/payments/fail", "insufficient_funds")]
    public async Task Test_card_decides_the_outcome_and_the_redirect(string card, string status, string redirectPath, string? reason)
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        using var _ = await _browser.GetAsync(init.PaymentUrl);

        using var answer = await SubmitAsync(init.PaymentId, card);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.Equal(redirectPath, location.AbsolutePath);
        Assert.Contains($"paymentId={init.PaymentId}", location.Query, StringComparison.Ordinal);
        Assert.Contains($"orderId={init.OrderId}", location.Query, StringComparison.Ordinal);
        var payment = (await fixture.Simulator.GetPaymentAsync(init.PaymentId)).GetProperty("payment");
        Assert.Equal(status, payment.GetProperty("status").GetString());
        Assert.Equal(reason, payment.TryGetProperty("failureReason", out var r) ? r.GetString() : null);
    }

    [Fact]
    public async Task Unknown_card_shows_the_form_again_and_the_payment_stays_payable()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);

        using var answer = await SubmitAsync(init.PaymentId, "5555555555554444");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("name=\"cardNumber\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GatewayPaymentStatus.FormShowed, await StatusAsync(init.PaymentId));
    }

    [Fact]
    public async Task Paid_payment_cannot_be_paid_again()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        using var first = await SubmitAsync(init.PaymentId, "4111111111111111");

        using var second = await SubmitAsync(init.PaymentId, "4111111111111111");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(GatewayPaymentStatus.Authorized, await StatusAsync(init.PaymentId));
    }

    public void Dispose() => _browser.Dispose();

    private async Task<HttpResponseMessage> SubmitAsync(string paymentId, string card)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["paymentId"] = paymentId,
            ["cardNumber"] = card,
            ["expiry"] = "12/30",
            ["cvv"] = "123",
            ["cardholder"] = "IVAN IVANOV",
        });
        return await _browser.PostAsync(new Uri(fixture.Simulator.BaseUrl, "api/v1/paymentform/submit"), form);
    }

    private async Task<string> StatusAsync(string paymentId) =>
        Assert.Single((await _client.CheckAsync(paymentId, CancellationToken.None)).Payments).Status;
}
