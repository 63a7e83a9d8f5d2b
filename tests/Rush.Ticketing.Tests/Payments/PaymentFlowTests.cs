using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Payments;

[Collection("servers")]
public sealed class PaymentFlowTests(TestServers servers)
{
    [Fact]
    public async Task Paying_through_the_gateway_sells_the_seats_via_authorize_confirm_and_the_webhooks()
    {
        await using var sale = await SaleHost.StartAsync(servers);
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        using (await buyer.SelectAsync(booking, sale.SeatIds[1]))
        {
        }

        var paymentId = await buyer.PayAsync(booking);
        Assert.Equal("pending_payment", await buyer.BookingStatusAsync(booking));
        Assert.Equal(2, await sale.ScalarAsync<long>("select count(*) from seats where status = 'RESERVED' and booking_id = $1", booking));
        Assert.Equal(paymentId, await buyer.PayAsync(booking));

        await sale.Gateway!.CompleteAsync(paymentId, "success");

        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "paid", TimeSpan.FromSeconds(20), "the booking to be paid");
        var status = await buyer.GetAsync($"/api/bookings/{booking}/payment-status");
        Assert.Equal("completed", status.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(2000m, status.GetProperty("payment").GetProperty("amount").GetDecimal());
        Assert.Equal("CONFIRMED", (await sale.Gateway.GetPaymentAsync(paymentId)).GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(2, await sale.ScalarAsync<long>("select count(*) from seats where status = 'SOLD' and booking_id = $1", booking));
        var listed = (await buyer.GetAsync("/api/bookings")).EnumerateArray().Single();
        Assert.Equal(["SOLD", "SOLD"], listed.GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Initiate_payment_answers_a_redirect_to_the_payment_form_unless_the_client_asks_for_json()
    {
        await using var sale = await SaleHost.StartAsync(servers);
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/bookings/initiatePayment") { Content = JsonContent.Create(new { booking_id = booking }) };
        request.Headers.Accept.ParseAdd("*/*");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{buyer.Email}:{SaleHost.Password}")));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sale.Host.Rest.BaseAddress };
        using var response = await noRedirects.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/paymentform/render/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_without_seats_is_400_and_paying_someone_elses_booking_is_403()
    {
        await using var sale = await SaleHost.StartAsync(servers);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);

        using var empty = await buyers[0].InitiatePaymentAsync(booking);
        using var foreign = await buyers[1].InitiatePaymentAsync(booking);
        using var unknown = await buyers[1].InitiatePaymentAsync(987_654);
        using var status = await buyers[1].SendAsync(HttpMethod.Get, $"/api/bookings/{booking}/payment-status", null);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.DoesNotContain("pending", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_card_cancels_the_booking_and_frees_its_seats()
    {
        await using var sale = await SaleHost.StartAsync(servers);
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        var paymentId = await buyer.PayAsync(booking);
        await sale.Gateway!.CompleteAsync(paymentId, "declined");

        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "cancelled", TimeSpan.FromSeconds(20), "the booking to be cancelled");
        Assert.Equal("FREE", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));
        var other = await buyer.CreateBookingAsync(sale.EventId);
        using var again = await buyer.SelectAsync(other, sale.SeatIds[0]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Success_callback_is_verified_with_the_gateway_not_trusted()
    {
        await using var sale = await SaleHost.StartAsync(servers, gatewaySettings: new Dictionary<string, string> { ["Gateway:Faults:WebhookLossProbability"] = "1" });
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        var paymentId = await buyer.PayAsync(booking);
        var forged = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/payments/success?paymentId={paymentId}");
        Assert.Equal("pending_payment", forged.GetProperty("booking_status").GetString());

        await sale.Gateway!.CompleteAsync(paymentId, "success");
        var real = await sale.Host.Rest.GetFromJsonAsync<JsonElement>($"/api/payments/success?paymentId={paymentId}");

        Assert.True(real.GetProperty("verified").GetBoolean());
        Assert.Equal("paid", real.GetProperty("booking_status").GetString());
        Assert.Equal(GatewayPaymentStatus.Confirmed, (await sale.Gateway.GetPaymentAsync(paymentId)).GetProperty("payment").GetProperty("status").GetString());
    }
}
