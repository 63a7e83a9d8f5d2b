using System.Net;
using System.Text.Json;
using Rush.Testing;
using Rush.Testing.Servers;
using Rush.Ticketing.Tests.Support;

namespace Rush.Ticketing.Tests.Payments;

[Collection("servers")]
public sealed class CircuitBreakerTests(TestServers servers)
{
    [Fact]
    public async Task Failing_gateway_opens_the_breaker_then_half_open_then_closed_when_healthy()
    {
        await using var sale = await SaleHost.StartAsync(servers, settings: new Dictionary<string, string>
        {
            ["CIRCUIT_BREAKER_FAILURE_THRESHOLD"] = "5",
            ["CIRCUIT_BREAKER_TIMEOUT_SECONDS"] = "2",
        });
        var buyer = (await sale.BuyersAsync(1))[0];
        var booking = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(booking, sale.SeatIds[0]))
        {
        }

        Assert.Equal(("Closed", 0, 5, 2), await StatusAsync(sale));
        await sale.Gateway!.SetFaultsAsync(new { internalErrorProbability = 1.0 });

        for (var i = 1; i <= 5; i++)
        {
            using var failed = await buyer.InitiatePaymentAsync(booking);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        using var refused = await buyer.InitiatePaymentAsync(booking);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Open", (await StatusAsync(sale)).State);
        Assert.Equal("pending_payment", await buyer.BookingStatusAsync(booking));
        using var ready = await sale.Host.Rest.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("degraded", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement
            .GetProperty("checks").GetProperty("gateway").GetProperty("status").GetString());

        await Poll.UntilAsync(async () => (await StatusAsync(sale)).State == "HalfOpen", TimeSpan.FromSeconds(10), "the break to end");
        await sale.Gateway.SetFaultsAsync(new { });

        var paymentId = await buyer.PayAsync(booking);
        Assert.False(string.IsNullOrEmpty(paymentId));
        Assert.Equal(("Closed", 0, 5, 2), await StatusAsync(sale));
    }

    [Fact]
    public async Task Webhooks_are_processed_while_the_breaker_is_open()
    {
        await using var sale = await SaleHost.StartAsync(servers, settings: new Dictionary<string, string>
        {
            ["CIRCUIT_BREAKER_FAILURE_THRESHOLD"] = "2",
            ["CIRCUIT_BREAKER_TIMEOUT_SECONDS"] = "600",
        });
        var (booking, paymentId, buyer) = await WebhookTests.PendingPaymentAsync(sale);
        var other = await buyer.CreateBookingAsync(sale.EventId);
        using (await buyer.SelectAsync(other, sale.SeatIds[1]))
        {
        }

        await sale.Gateway!.SetFaultsAsync(new { internalErrorProbability = 1.0 });
        for (var i = 0; i < 2; i++)
        {
            using (await buyer.InitiatePaymentAsync(other))
            {
            }
        }

        Assert.Equal("Open", (await StatusAsync(sale)).State);
        // The gateway keeps delivering webhooks (only its API calls fail); a declined card arrives as "failed".
        await sale.Gateway.SetFaultsAsync(new { });
        await sale.Gateway.CompleteAsync(paymentId, "declined");

        await Poll.UntilAsync(async () => await buyer.BookingStatusAsync(booking) == "cancelled", TimeSpan.FromSeconds(20), "the webhook to be applied");
        Assert.Equal("Open", (await StatusAsync(sale)).State);
    }

    private static async Task<(string State, int Failures, int Threshold, int Timeout)> StatusAsync(SaleHost sale)
    {
        var body = JsonDocument.Parse(await sale.Host.Rest.GetStringAsync("/api/payments/circuit-breaker-status")).RootElement;
        Assert.True(body.GetProperty("success").GetBoolean());
        var breaker = body.GetProperty("circuit_breaker");
        return (breaker.GetProperty("state").GetString()!, breaker.GetProperty("failure_count").GetInt32(),
            breaker.GetProperty("threshold").GetInt32(), breaker.GetProperty("timeout_seconds").GetInt32());
    }
}
