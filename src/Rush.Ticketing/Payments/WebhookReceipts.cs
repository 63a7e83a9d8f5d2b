using System.Security.Cryptography;
using Npgsql;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Payments;

/// <summary>Webhooks already taken in, keyed by the SHA-256 of their signed body (<c>webhook_receipts</c>).</summary>
/// <remarks>
/// A receipt is written before the webhook is applied (so two copies arriving together are applied once) and
/// removed again when applying did not finish, so the gateway's retry is not mistaken for a replay.
/// </remarks>
public sealed class WebhookReceipts(NpgsqlDataSource db)
{
    /// <summary>
    /// Records the body and reads the webhook's payment with its booking; <see cref="WebhookIntake.Fresh"/> is false when
    /// the same signed body was taken in before (a replay or a duplicate delivery).
    /// </summary>
    /// <remarks>
    /// One round trip (a batch, one implicit transaction): every webhook of a sale needs both, and the second webhook of
    /// a sale (CONFIRMED after our own confirm) needs nothing else, its booking being paid already.
    /// </remarks>
    public async Task<WebhookIntake> TakeInAsync(ReadOnlyMemory<byte> body, PaymentWebhook webhook, DateTimeOffset signedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var batch = db.CreateBatch();
        var record = new NpgsqlBatchCommand("""
            insert into webhook_receipts (body_sha256, payment_id, status, signed_at) values ($1, $2, $3, $4)
            on conflict do nothing returning true
            """);
        foreach (var value in new object[] { SHA256.HashData(body.Span), webhook.PaymentId, webhook.Status, signedAt })
        {
            record.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var payment = new NpgsqlBatchCommand(BookingStore.PaymentWithBookingQuery);
        payment.Parameters.Add(new NpgsqlParameter { Value = webhook.PaymentId });
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(payment);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var fresh = await reader.ReadAsync(ct);
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new WebhookIntake(fresh, null, null);
        }

        var (known, booking) = BookingStore.ReadPaymentWithBooking(reader);
        return new WebhookIntake(fresh, known, booking);
    }

    /// <summary>Forgets a receipt whose webhook was not applied (unknown payment, failure), so a retry is processed.</summary>
    public async Task ForgetAsync(ReadOnlyMemory<byte> body)
    {
        await using var cmd = db.CreateCommand("delete from webhook_receipts where body_sha256 = $1");
        cmd.Parameters.AddWithValue(SHA256.HashData(body.Span));
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Drops receipts signed before <paramref name="before"/>: their webhooks are refused as too old anyway.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("delete from webhook_receipts where signed_at < $1");
        cmd.Parameters.AddWithValue(before);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>What <see cref="WebhookReceipts.TakeInAsync"/> found: whether the body is new, and its payment and booking (null: unknown payment id).</summary>
public sealed record WebhookIntake(bool Fresh, PaymentRecord? Payment, Booking? Booking);
