using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Bookings;

[Collection("servers")]
public sealed class BookingTests(TestServers servers)
{
    [Fact]
    public async Task Wrong_password_is_401_with_a_basic_challenge()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];
        var impostor = new Buyer(sale.Host.Rest, buyer.Email, "wrong-password");

        using var response = await impostor.SendAsync(HttpMethod.Post, "/api/bookings", new { event_id = sale.EventId });
        using var anonymous = await sale.Host.Rest.GetAsync("/api/bookings");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, await sale.ScalarAsync<long>("select count(*) from bookings"));
    }

    [Fact]
    public async Task Users_see_only_their_own_bookings_and_cannot_cancel_others()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var mine = await buyers[0].CreateBookingAsync(sale.EventId);
        await buyers[1].CreateBookingAsync(sale.EventId);

        var listed = await buyers[0].GetAsync("/api/bookings");
        using var cancel = await buyers[1].CancelAsync(mine);

        Assert.Equal(mine, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal("created", await buyers[0].BookingStatusAsync(mine));
    }

    [Fact]
    public async Task A_session_token_works_wherever_basic_auth_does()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];
        using var signIn = await sale.Host.Rest.PostAsJsonAsync("/api/v1/sessions", new { email = buyer.Email, password = SaleHost.Password });
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings") { Content = JsonContent.Create(new { event_id = sale.EventId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await sale.Host.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"event_id\": 0}", 400)]
    [InlineData("{\"event_id\": \"x\"}", 400)]
    [InlineData("{}", 400)]
    [InlineData("{\"event_id\": 987654321}", 404)]
    public async Task Bad_booking_requests_are_refused_clearly(string body, int status)
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyer = (await sale.BuyersAsync(1))[0];

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{buyer.Email}:{SaleHost.Password}")));
        using var response = await sale.Host.Rest.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cancelling_a_created_booking_frees_its_holds()
    {
        await using var sale = await SaleHost.StartAsync(servers, gateway: false);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        using (await buyers[0].SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        using var cancel = await buyers[0].CancelAsync(booking);
        var other = await buyers[1].CreateBookingAsync(sale.EventId);
        using var select = await buyers[1].SelectAsync(other, sale.SeatIds[0]);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", await buyers[0].BookingStatusAsync(booking));
        Assert.Equal(HttpStatusCode.OK, select.StatusCode);
    }

    [Fact]
    public async Task A_paid_booking_is_refunded_through_the_gateway_and_its_seats_go_back_on_sale()
    {
        await using var sale = await SaleHost.StartAsync(servers);
        var (booking, paymentId, buyer) = await Payments.WebhookTests.PendingPaymentAsync(sale);
        await sale.Gateway!.CompleteAsync(paymentId, "success");
        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "paid", TimeSpan.FromSeconds(20), "the booking to be paid");
        // The booking is paid as soon as we confirm an AUTHORIZED payment; the gateway's CONFIRMED webhook follows.
        // Let it land before the refund, and the REFUNDED one after, so the checks see a settled state.
        await WebhooksDeliveredAsync(sale, paymentId);

        using var refund = await buyer.CancelAsync(booking);
        await WebhooksDeliveredAsync(sale, paymentId);

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.True((await refund.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refunded").GetBoolean());
        Assert.Equal("REFUNDED", (await sale.Gateway.GetPaymentAsync(paymentId)).GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("FREE", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));
        Assert.Equal("refunded", (await buyer.GetAsync($"/api/bookings/{booking}/payment-status")).GetProperty("payment").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_paid_booking_cannot_be_refunded_within_12_hours_of_the_event()
    {
        await using var sale = await SaleHost.StartAsync(servers, eventIn: TimeSpan.FromHours(6));
        var (booking, paymentId, buyer) = await Payments.WebhookTests.PendingPaymentAsync(sale);
        await sale.Gateway!.CompleteAsync(paymentId, "success");
        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "paid", TimeSpan.FromSeconds(20), "the booking to be paid");

        using var refund = await buyer.CancelAsync(booking);

        Assert.Equal(HttpStatusCode.Conflict, refund.StatusCode);
        Assert.Equal("paid", await buyer.BookingStatusAsync(booking));
    }

    [Fact]
    public async Task Reset_is_404_unless_enabled_and_then_clears_bookings_and_holds_but_keeps_seats()
    {
        await using (var off = await SaleHost.StartAsync(servers, gateway: false))
        {
            using var disabled = await off.Host.OperatorRest.PostAsync("/api/reset", null);
            Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        }

        await using var sale = await SaleHost.StartAsync(servers, gateway: false, settings: new Dictionary<string, string> { ["Ticketing:EnableReset"] = "true" });
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        await sale.Host.Services.GetRequiredService<Rush.Platform.Leaderboards.Leaderboard>().AddAsync("events", sale.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), 3);

        using var reset = await sale.Host.OperatorRest.PostAsync("/api/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, await sale.ScalarAsync<long>("select count(*) from bookings"));
        Assert.Empty((await sale.Host.Rest.GetFromJsonAsync<JsonElement>("/api/v1/leaderboards/events/top")).GetProperty("entries").EnumerateArray());
        Assert.Equal(sale.SeatIds.Length, await sale.ScalarAsync<long>("select count(*) from seats where event_id = $1 and status = 'FREE'", sale.EventId));
        var fresh = await buyer.CreateBookingAsync(sale.EventId);
        using var select = await buyer.SelectAsync(fresh, sale.SeatIds[0]);
        Assert.Equal(HttpStatusCode.OK, select.StatusCode);
    }

    private static Task WebhooksDeliveredAsync(SaleHost sale, string paymentId) =>
        Poll.UntilAsync(async () => (await sale.Gateway!.GetPaymentAsync(paymentId)).GetProperty("webhooks").EnumerateArray()
            .All(w => w.GetProperty("fate").GetString() is "delivered" or "failed" or "lost"), TimeSpan.FromSeconds(30), "the gateway's webhooks to be delivered");
}
