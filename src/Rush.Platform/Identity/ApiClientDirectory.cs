using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Rush.Platform.Identity;

/// <summary>The <c>api_clients</c> table: create a till's key (shown once), list, revoke, and find the client of a key.</summary>
/// <remarks>
/// Lookups (found or not) are remembered for <see cref="IdentityOptions.ApiKeyCacheTtl"/>, so a till
/// sending 50 orders a second costs one query per interval, and a flood of made-up keys costs at most
/// one query per distinct key per interval. Revoking forgets the key here at once; other instances
/// stop accepting it when their entry lapses.
/// </remarks>
public sealed class ApiClientDirectory(NpgsqlDataSource db, IOptions<IdentityOptions> options) : IDisposable
{
    private static readonly ApiClient NoClient = new(0, "", "", DateTimeOffset.MinValue, null);
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Creates a client; the key in the answer is never retrievable again.</summary>
    public async Task<(ApiClient Client, string Key)> CreateAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = ApiKeys.New();
        await using var cmd = db.CreateCommand("""
            insert into api_clients (name, key_hash, key_prefix) values ($1, $2, $3)
            returning id, name, key_prefix, created_at, revoked_at
            """);
        cmd.Parameters.AddWithValue(name.Trim());
        cmd.Parameters.AddWithValue(ApiKeys.Hash(key));
        cmd.Parameters.AddWithValue(ApiKeys.Hint(key));
        var created = (await ReadAsync(cmd, ct))[0];
        return (created, key);
    }

    /// <summary>Every client, newest first.</summary>
    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select id, name, key_prefix, created_at, revoked_at from api_clients order by id desc");
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Revokes a client's key; false when there is no such client or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("update api_clients set revoked_at = now() where id = $1 and revoked_at is null returning key_hash");
        cmd.Parameters.AddWithValue(id);
        if (await cmd.ExecuteScalarAsync(ct) is not byte[] hash)
        {
            return false;
        }

        _known.Remove(Convert.ToHexString(hash));
        return true;
    }

    /// <summary>The active client of <paramref name="key"/>, or null for an unknown, malformed or revoked key.</summary>
    public async Task<ApiClient?> FindAsync(string key, CancellationToken ct)
    {
        if (!ApiKeys.LooksValid(key))
        {
            return null;
        }

        var hash = ApiKeys.Hash(key);
        var cacheKey = Convert.ToHexString(hash);
        if (!_known.TryGetValue(cacheKey, out ApiClient? client))
        {
            await using var cmd = db.CreateCommand("select id, name, key_prefix, created_at, revoked_at from api_clients where key_hash = $1 and revoked_at is null");
            cmd.Parameters.AddWithValue(hash);
            client = (await ReadAsync(cmd, ct)).FirstOrDefault() ?? NoClient;
            _known.Set(cacheKey, client, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.ApiKeyCacheTtl });
        }

        return ReferenceEquals(client, NoClient) ? null : client;
    }

    /// <inheritdoc />
    public void Dispose() => _known.Dispose();

    private static async Task<List<ApiClient>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var clients = new List<ApiClient>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            clients.Add(new ApiClient(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)));
        }

        return clients;
    }
}

/// <summary>A till or other machine client; <see cref="KeyPrefix"/> is the start of its key, for recognising it.</summary>
public sealed record ApiClient(long Id, string Name, string KeyPrefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The <c>rush:client</c> claim value (the id as text).</summary>
    public string ClientId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
