using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rush.PaymentGateway.Simulator.Tests.Support;
using Rush.Testing.Gateway;
using Rush.Ticketing.Gateway;

namespace Rush.PaymentGateway.Simulator.Tests;

/// <summary>Init, check, confirm and cancel through Rush's client against the real simulator process.</summary>
public sealed class MerchantApiTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private readonly PaymentGatewayClient _client = fixture.Client();

    [Fact]
    public async Task Paid_payment_goes_new_authorized_confirmed_and_refunds_on_cancel()
    {
        var request = fixture.NewPayment();
        var init = await _client.InitAsync(request, CancellationToken.None);
        Assert.Equal(GatewayPaymentStatus.New, init.Status);
        Assert.Equal(request.OrderId, init.OrderId);
        Assert.Equal(request.Amount, init.Amount);
        Assert.Equal(fixture.Simulator.BaseUrl + $"api/v1/paymentform/render/{init.PaymentId}", init.PaymentUrl.ToString());
        Assert.True(init.ExpiresAt > init.CreatedAt);

        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        var check = await _client.CheckAsync(init.PaymentId, CancellationToken.None);
        Assert.Equal(GatewayPaymentStatus.Authorized, Assert.Single(check.Payments).Status);

        var reference = new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency);
        var confirmed = await _client.ConfirmAsync(reference, CancellationToken.None);
        Assert.Equal(GatewayPaymentStatus.Confirmed, confirmed.Status);
        Assert.Equal(request.Amount, confirmed.ConfirmedAmount);
        Assert.NotNull(confirmed.ConfirmedAt);

        var refunded = await _client.CancelAsync(reference, "event cancelled", CancellationToken.None);
        Assert.Equal(GatewayPaymentStatus.Refunded, refunded.Status);
    }

    [Fact]
    public async Task Authorized_payment_cancels_to_cancelled_and_a_second_cancel_is_3409()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        var reference = new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency);

        Assert.Equal(GatewayPaymentStatus.Cancelled, (await _client.CancelAsync(reference, "booking expired", CancellationToken.None)).Status);
        var again = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.CancelAsync(reference, null, CancellationToken.None));
        Assert.Equal(("3409", 409, false), (again.ErrorCode, again.StatusCode, again.IsTransient));
        var confirm = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.ConfirmAsync(reference, CancellationToken.None));
        Assert.Equal("3409", confirm.ErrorCode);
    }

    [Fact]
    public async Task Second_confirm_is_2409_already_confirmed()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "success");
        var reference = new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency);
        await _client.ConfirmAsync(reference, CancellationToken.None);

        var again = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.ConfirmAsync(reference, CancellationToken.None));
        Assert.Equal(("2409", 409, false), (again.ErrorCode, again.StatusCode, again.IsTransient));
    }

    [Fact]
    public async Task Confirm_before_payment_is_refused_with_1003()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            _client.ConfirmAsync(new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency), CancellationToken.None));
        Assert.Equal(("1003", 400), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task Wrong_password_is_401_with_code_1001_on_every_call()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        var intruder = fixture.Client(password: "not-the-password");
        var reference = new PaymentReference(init.PaymentId, init.OrderId, init.Amount, init.Currency);

        var calls = new Func<Task>[]
        {
            () => intruder.InitAsync(fixture.NewPayment(), CancellationToken.None),
            () => intruder.CheckAsync(init.PaymentId, CancellationToken.None),
            () => intruder.CheckOrderAsync(init.OrderId, CancellationToken.None),
            () => intruder.ConfirmAsync(reference, CancellationToken.None),
            () => intruder.CancelAsync(reference, null, CancellationToken.None),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<PaymentGatewayException>(call);
            Assert.Equal(("1001", 401, false), (e.ErrorCode, e.StatusCode, e.IsTransient));
        }

        Assert.Equal(GatewayPaymentStatus.New, Assert.Single((await _client.CheckAsync(init.PaymentId, CancellationToken.None)).Payments).Status);
    }

    [Fact]
    public async Task Token_over_other_data_than_sent_is_refused()
    {
        // The token covers the amount: a body whose amount was changed after signing is refused.
        var orderId = "order-" + Guid.NewGuid().ToString("N");
        var token = PaymentToken.ForPayment(100, "RUB", orderId, fixture.Simulator.Password, GatewaySimulatorProcess.TeamSlug);
        using var response = await fixture.Http.PostAsJsonAsync(new Uri(fixture.Simulator.BaseUrl, "api/v1/PaymentInit/init"),
            new { teamSlug = GatewaySimulatorProcess.TeamSlug, token, amount = 1, currency = "RUB", orderId });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("1001", body.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Init_repeated_with_the_same_order_id_returns_the_same_payment()
    {
        var request = fixture.NewPayment();
        var first = await _client.InitAsync(request, CancellationToken.None);
        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.InitAsync(request, CancellationToken.None)));

        Assert.All(retries, r => Assert.Equal(first.PaymentId, r.PaymentId));
        Assert.Single((await _client.CheckOrderAsync(request.OrderId, CancellationToken.None)).Payments);
    }

    [Fact]
    public async Task Concurrent_first_inits_of_one_order_register_one_payment()
    {
        var request = fixture.NewPayment();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _client.InitAsync(request, CancellationToken.None))));
        Assert.Single(results.Select(r => r.PaymentId).Distinct());
    }

    [Fact]
    public async Task Init_of_a_known_order_with_another_amount_is_1002_duplicate()
    {
        var request = fixture.NewPayment(amount: 100_00);
        await _client.InitAsync(request, CancellationToken.None);

        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.InitAsync(request with { Amount = 200_00 }, CancellationToken.None));
        Assert.Equal(("1002", 409), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task Check_by_order_finds_the_payment_and_an_unknown_order_answers_an_empty_list()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);

        var found = await _client.CheckOrderAsync(init.OrderId, CancellationToken.None);
        Assert.Equal(init.PaymentId, Assert.Single(found.Payments).PaymentId);
        var none = await _client.CheckOrderAsync("never-registered-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.Equal(0, none.TotalCount);
        Assert.Empty(none.Payments);
    }

    [Fact]
    public async Task Unknown_payment_id_is_1404_not_found()
    {
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.CheckAsync("pay_does_not_exist", CancellationToken.None));
        Assert.Equal(("1404", 404, false), (e.ErrorCode, e.StatusCode, e.IsTransient));
    }

    [Fact]
    public async Task Malformed_body_is_400_with_code_1000()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Http.PostAsync(new Uri(fixture.Simulator.BaseUrl, "api/v1/PaymentInit/init"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("1000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Unsupported_currency_is_1003_bad_argument()
    {
        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => _client.InitAsync(fixture.NewPayment() with { Currency = "KZT" }, CancellationToken.None));
        Assert.Equal(("1003", 400), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task Unpaid_payment_expired_by_the_gateway_reports_expired()
    {
        var init = await _client.InitAsync(fixture.NewPayment(), CancellationToken.None);
        await fixture.Simulator.CompleteAsync(init.PaymentId, "expired");

        Assert.Equal(GatewayPaymentStatus.Expired, Assert.Single((await _client.CheckAsync(init.PaymentId, CancellationToken.None)).Payments).Status);
    }
}
