using Npgsql;

namespace Rush.Platform.Tests.Caching;

/// <summary>A value the tests cache.</summary>
public sealed record OriginValue(string Text);

/// <summary>
/// The origin behind the cache in tests: a row in a real Postgres table, read by a loader that counts its calls and
/// can be made to fail or to wait on demand (a small "chaos" wrapper around the real query).
/// </summary>
internal sealed class CountingOrigin(NpgsqlDataSource db)
{
    private int _calls;

    /// <summary>How many times the loader ran.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, the loader throws instead of querying.</summary>
    public bool Failing { get; set; }

    /// <summary>When set as a call starts, that call waits for this task after its query (a slow origin).</summary>
    public Task? Gate { get; set; }

    /// <summary>Seconds the query itself sleeps in Postgres, so concurrent readers really overlap with it.</summary>
    public double QuerySleepSeconds { get; set; }

    /// <summary>Creates the table with its one row.</summary>
    public static async Task<CountingOrigin> CreateAsync(NpgsqlDataSource db, string text)
    {
        await using (var create = db.CreateCommand("drop table if exists origin; create table origin (id int primary key, text text not null)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = db.CreateCommand("insert into origin values (1, $1)"))
        {
            insert.Parameters.AddWithValue(text);
            await insert.ExecuteNonQueryAsync();
        }

        return new CountingOrigin(db);
    }

    /// <summary>Changes the row (a write at the origin).</summary>
    public async Task SetAsync(string text)
    {
        await using var cmd = db.CreateCommand("update origin set text = $1 where id = 1");
        cmd.Parameters.AddWithValue(text);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The loader handed to the cache.</summary>
    public async Task<OriginValue> LoadAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        // Taken now, not after the query: a test that opens the gate after this call timed out must not let
        // a call whose query was merely slow (a loaded machine) pass through it.
        var gate = Gate;
        if (Failing)
        {
            throw new InvalidOperationException("origin failing on purpose");
        }

        await using var cmd = db.CreateCommand("select text, pg_sleep($1) from origin where id = 1");
        cmd.Parameters.AddWithValue(QuerySleepSeconds);
        var text = (string)(await cmd.ExecuteScalarAsync(ct))!;
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }

        return new OriginValue(text);
    }
}
