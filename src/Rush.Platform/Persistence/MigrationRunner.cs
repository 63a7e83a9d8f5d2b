using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rush.Platform.Persistence;

/// <summary>Applies every module's pending migrations once, recorded in <c>schema_migrations</c>.</summary>
/// <remarks>
/// Several instances may start at once: the whole run holds a session-level advisory lock, so the
/// second instance waits and then finds nothing left to do. Each migration runs in its own
/// transaction together with its bookkeeping row, so a failed migration leaves no trace.
/// </remarks>
public sealed partial class MigrationRunner(NpgsqlDataSource db, IEnumerable<MigrationSource> sources, ILogger<MigrationRunner> log)
{
    // Arbitrary constant shared by all Rush instances ("rush" in ASCII).
    private const long AdvisoryLockKey = 0x72757368;

    /// <summary>Applies what is missing; returns the ids applied by this call.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await ExecuteAsync(conn, null, $"select pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await ExecuteAsync(conn, null, """
                create table if not exists schema_migrations (
                    id text primary key,
                    applied_at timestamptz not null default now())
                """, ct);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = new NpgsqlCommand("select id from schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var done = new List<string>();
            foreach (var (id, sql) in sources.OrderBy(s => s.Order).SelectMany(s => s.Load()))
            {
                if (applied.Contains(id))
                {
                    continue;
                }

                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecuteAsync(conn, tx, sql, ct);
                await using (var record = new NpgsqlCommand("insert into schema_migrations (id) values ($1)", conn, tx))
                {
                    record.Parameters.AddWithValue(id);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                LogApplied(id);
                done.Add(id);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(conn, null, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {MigrationId}")]
    private partial void LogApplied(string migrationId);
}
