using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.PaymentGateway.Simulator.Tests.Support;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>
/// The gateway's failures, switched on and off at run time through <c>PUT /admin/faults</c> on one running
/// process (what the circuit-breaker tests of Ticketing rely on). Tests of a class run one after another.
/// </summary>
public sealed class FaultInjectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly PaymentGatewayClient _client = fixture.Client();
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Fact]
    public async Task Internal_error_mode_fails_every_call_with_500_9999_until_switched_back()
    {
        await fixture.Simulator.SetFaultsAsync(new { });
        var existing = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        var reference = new PaymentReference(existing.PaymentId, existing.OrderId, existing.Amount, existing.Currency);

        await fixture.Simulator.SetFaultsAsync(new { internalErrorProbability = 1.0 });
        var calls = new Func<Task>[]
        {
            () => _client.InitAsync(fixture.NewPayment(), CancellationToken.None),
            () => _client.CheckAsync(existing.PaymentId, CancellationToken.None),
            () => _client.ConfirmAsync(reference, CancellationToken.None),
            () => _client.CancelAsync(reference, null, CancellationToken.None),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<PaymentGatewayException>(call);
            Assert.Equal(("9999", 500, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
        }

        await fixture.Simulator.SetFaultsAsync(new { });
        Assert.Equal(GatewayPaymentStatus.New, (await _client.InitAsync(fixture.NewPayment(), CancellationToken.None)).Status);
        Assert.Equal(GatewayPaymentStatus.New, Assert.Single((await _client.CheckAsync(existing.PaymentId, CancellationToken.None)).Payments).Status);
    }

    [Fact]
    public async Task Error_body_of_an_injected_failure_has_the_gateway_format()
    {
        await fixture.Simulator.SetFaultsAsync(new { internalErrorProbability = 1.0 });
        using var response = await fixture.Http.PostAsJsonAsync(new Uri(fixture.Simulator.BaseUrl, "api/v1/PaymentCheck/check"), new { teamSlug = "x" });
        await fixture.Simulator.SetFaultsAsync(new { });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("9999", body.GetProperty("errorCode").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task Timeout_mode_answers_504_1408_after_the_configured_hang()
    {
        await fixture.Simulator.SetFaultsAsync(new { timeoutProbability = 1.0, timeoutSeconds = 0 });
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.InitAsync(fixture.NewPayment(), CancellationToken.None));
        await fixture.Simulator.SetFaultsAsync(new { });

        Assert.Equal(("1408", 504, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
    }

    [Fact]
    public async Task Hanging_gateway_makes_a_client_with_a_shorter_timeout_give_up()
    {
        await fixture.Simulator.SetFaultsAsync(new { timeoutProbability = 1.0, timeoutSeconds = 120 });
        var impatient = fixture.Client(timeout: TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => impatient.CheckOrderAsync("any-order", CancellationToken.None));
        await fixture.Simulator.SetFaultsAsync(new { });

        Assert.Equal(("timeout", null, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
    }

    [Fact]
    public async Task Aborted_init_registers_the_payment_and_the_retry_with_the_same_order_returns_it()
    {
        await fixture.Simulator.SetFaultsAsync(new { initAbortProbability = 1.0 });
        var request = fixture.NewPayment();
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.InitAsync(request, CancellationToken.None));
        Assert.Equal(("transport", true), (e.ErrorCode, e.IsTransient));

        await fixture.Simulator.SetFaultsAsync(new { });
        var registered = Assert.Single((await _client.CheckOrderAsync(request.OrderId, CancellationToken.None)).Payments);
        var retried = await _client.InitAsync(request, CancellationToken.None);
        Assert.Equal(registered.PaymentId, retried.PaymentId);
    }

    [Fact]
    public async Task Delayed_init_registers_the_payment_while_the_client_times_out()
    {
        await fixture.Simulator.SetFaultsAsync(new { initDelayProbability = 1.0, initDelaySeconds = 120 });
        var request = fixture.NewPayment();
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => fixture.Client(timeout: TimeSpan.FromMilliseconds(500)).InitAsync(request, CancellationToken.None));
        Assert.Equal("timeout", e.ErrorCode);

        await fixture.Simulator.SetFaultsAsync(new { });
        var registered = Assert.Single((await _client.CheckOrderAsync(request.OrderId, CancellationToken.None)).Payments);
        Assert.Equal(registered.PaymentId, (await _client.InitAsync(request, CancellationToken.None)).PaymentId);
    }

    [Fact]
    public async Task Form_failure_after_card_data_leaves_the_payment_payable_and_the_retry_pays()
    {
        await fixture.Simulator.SetFaultsAsync(new { formFailureProbability = 1.0 });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        using var failed = await SubmitAsync(init.PaymentId, "4111111111111111");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(GatewayPaymentStatus.FormShowed, Assert.Single((await _client.CheckAsync(init.PaymentId, CancellationToken.None)).Payments).Status);

        await fixture.Simulator.SetFaultsAsync(new { });
        using var retried = await SubmitAsync(init.PaymentId, "4111111111111111");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("/payments/success", retried.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Acquiring_failure_refuses_a_good_card_with_a_bank_reason()
    {
        await fixture.Simulator.SetFaultsAsync(new { acquiringFailureProbability = 1.0 });
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        using var answer = await SubmitAsync(init.PaymentId, "4111111111111111");
        await fixture.Simulator.SetFaultsAsync(new { });

        Assert.Equal("/payments/fail", answer.Headers.Location!.AbsolutePath);
        var payment = (await fixture.Simulator.GetPaymentAsync(init.PaymentId)).GetProperty("payment");
        Assert.Contains(payment.GetProperty("status").GetString(), new[] { "FAILED", "REJECTED" });
        Assert.Contains(payment.GetProperty("failureReason").GetString(),
            new[] { "acquiring_network_error", "acquiring_authorization_error", "suspected_fraud", "card_without_3ds" });
    }

    [Fact]
    public async Task Invalid_fault_settings_are_refused_and_the_current_ones_kept()
    {
        await fixture.Simulator.SetFaultsAsync(new { webhookDuplicateProbability = 0.5 });
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(fixture.Simulator.BaseUrl, "admin/faults"))
        {
            Content = JsonContent.Create(new { internalErrorProbability = 1.5, webhookDelayMinSeconds = 9, webhookDelayMaxSeconds = 1 }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Simulator.AdminToken);
        using var refused = await fixture.Http.SendAsync(put);
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Simulator.BaseUrl, "admin/faults"));
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Simulator.AdminToken);
        using var read = await fixture.Http.SendAsync(get);
        var current = await read.Content.ReadFromJsonAsync<JsonElement>();
        await fixture.Simulator.SetFaultsAsync(new { });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
        Assert.Contains("InternalErrorProbability", message, StringComparison.Ordinal);
        Assert.Contains("WebhookDelayMinSeconds", message, StringComparison.Ordinal);
        Assert.Equal(0.5, current.GetProperty("webhookDuplicateProbability").GetDouble());
        Assert.Equal(0.0, current.GetProperty("internalErrorProbability").GetDouble());
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
        });
        return await _browser.PostAsync(new Uri(fixture.Simulator.BaseUrl, "api/v1/paymentform/submit"), form);
    }
}
