using Npgsql;
using NpgsqlTypes;

namespace Rush.Ticketing.Seeding;

/// <summary>Writes the seeded users with binary COPY over parallel connections, skipping those already there.</summary>
/// <remarks>
/// Users are written in fixed, aligned chunks of N, each chunk by one COPY (atomic). Every run writes a
/// chunk's missing tail right after the part that exists, so what exists of a chunk is always a prefix,
/// and a binary search over the unique email index finds it with a handful of lookups, not a scan.
/// </remarks>
internal sealed class UserSeeder(NpgsqlDataSource db)
{
    private const int ChunkSize = 50_000;
    private const int ProgressStep = 1_000;

    /// <summary>Makes sure users 1..<paramref name="users"/> exist; returns how many were written.</summary>
    public async Task<long> SeedAsync(int users, int parallelism, Func<long, SeedProgress> progress, CancellationToken ct)
    {
        var missing = new List<(long From, long To)>();
        for (long start = 1; start <= users; start += ChunkSize)
        {
            var end = Math.Min(start + ChunkSize - 1, users);
            var present = await PresentPrefixAsync(start, end, ct);
            if (start + present <= end)
            {
                missing.Add((start + present, end));
            }
        }

        await using var bar = progress(missing.Sum(m => m.To - m.From + 1));
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (range, token) =>
        {
            await using var connection = await db.OpenConnectionAsync(token);
            await using var copy = await connection.BeginBinaryImportAsync("copy users (email, password_hash, display_name) from stdin (format binary)", token);
            for (var n = range.From; n <= range.To; n++)
            {
                await copy.StartRowAsync(token);
                await copy.WriteAsync(SeededUsers.Email(n), NpgsqlDbType.Text, token);
                await copy.WriteAsync(SeededUsers.Hash(n), NpgsqlDbType.Text, token);
                await copy.WriteAsync($"Test user {n}", NpgsqlDbType.Text, token);
                if ((n - range.From + 1) % ProgressStep == 0)
                {
                    bar.Add(ProgressStep);
                }
            }

            await copy.CompleteAsync(token);
            bar.Add((range.To - range.From + 1) % ProgressStep);
        });
        return bar.Done;
    }

    // How many users of [start, end] exist, knowing they form a prefix of the range.
    private async Task<long> PresentPrefixAsync(long start, long end, CancellationToken ct)
    {
        if (await ExistsAsync(end, ct))
        {
            return end - start + 1;
        }

        if (!await ExistsAsync(start, ct))
        {
            return 0;
        }

        long lo = 1, hi = end - start; // the prefix length lies in [lo, hi]
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (await ExistsAsync(start + mid - 1, ct))
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private async Task<bool> ExistsAsync(long n, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select exists (select 1 from users where email = $1)");
        cmd.Parameters.AddWithValue(SeededUsers.Email(n));
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
