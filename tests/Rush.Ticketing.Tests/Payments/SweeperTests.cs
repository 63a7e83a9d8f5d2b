using System.Net;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Payments;

[Collection("servers")]
public sealed class SweeperTests(TestServers servers)
{
    private static readonly TimeSpan PastTheWindow = TimeSpan.FromMinutes(16);

    [Fact]
    public async Task A_booking_never_paid_lapses_after_15_minutes_and_frees_its_holds()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sale = await SaleHost.StartAsync(servers, gateway: false, clock: clock);
        var buyers = await sale.BuyersAsync(2);
        var booking = await buyers[0].CreateBookingAsync(sale.EventId);
        using (await buyers[0].SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        await sale.Sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal("created", await buyers[0].BookingStatusAsync(booking));

        clock.Advance(PastTheWindow);
        await sale.Sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal("cancelled", await buyers[0].BookingStatusAsync(booking));
        var other = await buyers[1].CreateBookingAsync(sale.EventId);
        using var select = await buyers[1].SelectAsync(other, sale.SeatIds[0]);
        Assert.Equal(HttpStatusCode.OK, select.StatusCode);
    }

    [Fact]
    public async Task An_unpaid_reservation_lapses_its_seats_go_back_to_free_and_the_payment_is_cancelled()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sale = await SaleHost.StartAsync(servers, clock: clock);
        var (booking, paymentId, buyer) = await WebhookTests.PendingPaymentAsync(sale);
        Assert.Equal("RESERVED", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));

        clock.Advance(PastTheWindow);
        await sale.Sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal("cancelled", await buyer.BookingStatusAsync(booking));
        Assert.Equal("FREE", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));
        Assert.Equal("expired", await sale.ScalarAsync<string>("select status from payment_transactions where payment_id = $1", paymentId));
    }

    [Fact]
    public async Task A_payment_arriving_after_its_booking_lapsed_retakes_the_seats_if_still_free()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sale = await SaleHost.StartAsync(servers, clock: clock);
        var (booking, paymentId, buyer) = await LapseWhileGatewayIsDownAsync(sale, clock);

        await sale.Gateway!.CompleteAsync(paymentId, "success");

        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "paid", TimeSpan.FromSeconds(20), "the late payment to be settled");
        Assert.Equal("SOLD", await sale.ScalarAsync<string>("select status from seats where id = $1", sale.SeatIds[0]));
    }

    [Fact]
    public async Task A_payment_arriving_after_its_seats_were_resold_is_refunded()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sale = await SaleHost.StartAsync(servers, clock: clock);
        var (booking, paymentId, buyer) = await LapseWhileGatewayIsDownAsync(sale, clock);
        var rival = (await sale.BuyersAsync(1, "rival"))[0];
        var rivalBooking = await rival.CreateBookingAsync(sale.EventId);
        using (await rival.SelectAsync(rivalBooking, sale.SeatIds[0]))
        {
        }

        await rival.PayAsync(rivalBooking);

        await sale.Gateway!.CompleteAsync(paymentId, "success");

        await Poll.UntilAsync(async () => await sale.ScalarAsync<string>("select status from payment_transactions where payment_id = $1", paymentId) == "refunded",
            TimeSpan.FromSeconds(20), "the late payment to be refunded");
        Assert.Equal("cancelled", await buyer.BookingStatusAsync(booking));
        Assert.Equal("REFUNDED", (await sale.Gateway.GetPaymentAsync(paymentId)).GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(rivalBooking, await sale.ScalarAsync<long>("select booking_id from seats where id = $1", sale.SeatIds[0]));
    }

    // The sweeper cannot reach the gateway, so the booking lapses while its payment stays open there.
    private static async Task<(long Booking, string PaymentId, Buyer Buyer)> LapseWhileGatewayIsDownAsync(SaleHost sale, ManualClock clock)
    {
        var pending = await WebhookTests.PendingPaymentAsync(sale);
        await sale.Gateway!.SetFaultsAsync(new { internalErrorProbability = 1.0 });
        clock.Advance(PastTheWindow);
        await sale.Sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal("cancelled", await pending.Buyer.BookingStatusAsync(pending.Booking));
        await sale.Gateway.SetFaultsAsync(new { });
        return pending;
    }
}
