using System.Security.Cryptography;
using Npgsql;
using Rush.Ticketing.Gateway;

namespace Rush.Ticketing.Payments;

/// <summary>Webhooks already taken in, keyed by the SHA-256 of their signed body (<c>webhook_receipts</c>).</summary>
/// <remarks>
/// A receipt is written before the webhook is applied (so two copies arriving together are applied once) and
/// removed again when applying did not finish, so the gateway's retry is not mistaken for a replay.
/// </remarks>
public sealed class WebhookReceipts(NpgsqlDataSource db)
{
    /// <summary>Records the body; false when the same signed body was taken in before (a replay or a duplicate delivery).</summary>
    public async Task<bool> TryRecordAsync(ReadOnlyMemory<byte> body, PaymentWebhook webhook, DateTimeOffset signedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var cmd = db.CreateCommand("""
            insert into webhook_receipts (body_sha256, payment_id, status, signed_at) values ($1, $2, $3, $4)
            on conflict do nothing
            """);
        cmd.Parameters.AddWithValue(SHA256.HashData(body.Span));
        cmd.Parameters.AddWithValue(webhook.PaymentId);
        cmd.Parameters.AddWithValue(webhook.Status);
        cmd.Parameters.AddWithValue(signedAt);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
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
