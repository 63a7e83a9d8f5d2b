using Microsoft.Extensions.Options;
using Npgsql;

namespace Rush.Platform.Identity;

/// <summary>The <c>users</c> table: lookup by email, registration, hash upgrades.</summary>
public sealed class UserDirectory(NpgsqlDataSource db, IOptions<IdentityOptions> options)
{
    /// <summary>A stored user with the hash to verify against.</summary>
    public sealed record StoredUser(long Id, string Email, string PasswordHash, string Role);

    /// <summary>Emails are case-insensitive identities: stored and compared lower-cased and trimmed.</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>The user with <paramref name="email"/>, or null.</summary>
    public async Task<StoredUser?> FindAsync(string email, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select id, email, password_hash, role from users where email = $1");
        cmd.Parameters.AddWithValue(NormalizeEmail(email));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new StoredUser(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>Creates a customer, or returns the existing one's id when the email is taken (idempotent seeding).</summary>
    public async Task<long> EnsureAsync(string email, string password, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            with inserted as (
                insert into users (email, password_hash) values ($1, $2)
                on conflict (email) do nothing
                returning id)
            select id from inserted union all select id from users where email = $1 limit 1
            """);
        cmd.Parameters.AddWithValue(NormalizeEmail(email));
        cmd.Parameters.AddWithValue(PasswordHasher.Hash(password, options.Value.PasswordIterations));
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Creates or overwrites a user with this password and role (staff accounts: the password given wins).</summary>
    public async Task<long> SetAsync(string email, string password, string role, CancellationToken ct)
    {
        if (!RushRoles.IsUserRole(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "A user's role is customer, kitchen or operator.");
        }

        await using var cmd = db.CreateCommand("""
            insert into users (email, password_hash, role) values ($1, $2, $3)
            on conflict (email) do update set password_hash = excluded.password_hash, role = excluded.role
            returning id
            """);
        cmd.Parameters.AddWithValue(NormalizeEmail(email));
        cmd.Parameters.AddWithValue(PasswordHasher.Hash(password, options.Value.PasswordIterations));
        cmd.Parameters.AddWithValue(role);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Replaces a user's stored hash (upgrade to today's iteration count).</summary>
    public async Task UpdateHashAsync(long userId, string passwordHash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("update users set password_hash = $2 where id = $1");
        cmd.Parameters.AddWithValue(userId);
        cmd.Parameters.AddWithValue(passwordHash);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
