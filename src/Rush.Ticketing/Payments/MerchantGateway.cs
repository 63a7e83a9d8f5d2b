using System.Globalization;
using Microsoft.Extensions.Options;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Payments;

/// <summary>Rush's calls to the payment gateway for bookings, every one through the <see cref="GatewayBreaker"/>.</summary>
public sealed class MerchantGateway(PaymentGatewayClient client, GatewayBreaker breaker, IOptions<TicketingOptions> options)
{
    /// <summary>Registers (or, for a retry with the same order id, finds again) the booking's payment.</summary>
    public Task<PaymentInitResult> InitAsync(Booking booking, decimal amount, string email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var settings = options.Value;
        var callbacks = settings.PublicBaseUrl.TrimEnd('/');
        var request = new PaymentInitRequest
        {
            Amount = MinorUnits(amount),
            Currency = settings.Currency,
            OrderId = booking.OrderId,
            Description = string.Create(CultureInfo.InvariantCulture, $"Rush booking {booking.Id}, event {booking.EventId}"),
            SuccessUrl = new Uri($"{callbacks}/api/payments/success"),
            FailUrl = new Uri($"{callbacks}/api/payments/fail"),
            NotificationUrl = new Uri($"{callbacks}/api/webhook/payment"),
            PaymentExpiryMinutes = Math.Max(1, (int)settings.UnpaidBookingTtl.TotalMinutes),
            Email = email,
        };
        return breaker.ExecuteAsync("init", token => client.InitAsync(request, token), ct);
    }

    /// <summary>The gateway's view of a payment (by payment id, or by order id when the init answer was lost); null if unknown.</summary>
    public async Task<GatewayPayment?> CheckAsync(PaymentRecord payment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var result = await breaker.ExecuteAsync("check",
            token => payment.PaymentId is { } id ? client.CheckAsync(id, token) : client.CheckOrderAsync(payment.OrderId, token), ct);
        return result.Payments.OrderByDescending(p => p.UpdatedAt).FirstOrDefault();
    }

    /// <summary>Takes the money of an AUTHORIZED payment; a repeated confirm (2409) counts as done.</summary>
    public async Task ConfirmAsync(PaymentRecord payment, string paymentId, CancellationToken ct)
    {
        try
        {
            await breaker.ExecuteAsync("confirm", token => client.ConfirmAsync(Reference(payment, paymentId), token), ct);
        }
        catch (PaymentGatewayException e) when (e.ErrorCode == "2409")
        {
        }
    }

    /// <summary>Cancels (before confirmation) or refunds (after) a payment; a repeated cancel (3409) counts as done.</summary>
    public async Task CancelAsync(PaymentRecord payment, string paymentId, string reason, CancellationToken ct)
    {
        try
        {
            await breaker.ExecuteAsync("cancel", token => client.CancelAsync(Reference(payment, paymentId), reason, token), ct);
        }
        catch (PaymentGatewayException e) when (e.ErrorCode == "3409")
        {
        }
    }

    private PaymentReference Reference(PaymentRecord payment, string paymentId)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new PaymentReference(paymentId, payment.OrderId, MinorUnits(payment.Amount), options.Value.Currency);
    }

    private static long MinorUnits(decimal amount) => (long)decimal.Round(amount * 100m, MidpointRounding.AwayFromZero);
}
