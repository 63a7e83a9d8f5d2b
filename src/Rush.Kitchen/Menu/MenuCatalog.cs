using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Menu;

/// <summary>The menu for pricing and for <c>GET /api/v1/menu</c>: Postgres behind a Redis cache-aside.</summary>
/// <remarks>
/// Intake prices every order, so the menu must not cost a round trip per order: a local copy is
/// reused for <see cref="LocalTtl"/>, Redis holds the shared copy for 60 s (seed 004), Postgres is
/// the origin. One load at a time per process (single flight); if Redis fails we go to Postgres,
/// and if Postgres fails too we keep serving the last menu we had rather than refusing orders.
/// </remarks>
public sealed partial class MenuCatalog(NpgsqlDataSource db, RedisConnection redis, IOptions<KitchenOptions> options,
    TimeProvider clock, ILogger<MenuCatalog> log) : IDisposable
{
    /// <summary>Redis key of the cached menu document.</summary>
    public const string CacheKey = "menu:v1";

    private static readonly TimeSpan LocalTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RedisTtl = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>The current menu.</summary>
    public async Task<Menu> GetAsync(CancellationToken ct) => (await GetSnapshotAsync(ct)).Menu;

    /// <summary>The current menu as its public document.</summary>
    public async Task<MenuDocument> GetDocumentAsync(CancellationToken ct) => (await GetSnapshotAsync(ct)).Document;

    /// <summary>Drops cached copies after a menu change.</summary>
    public async Task InvalidateAsync()
    {
        _snapshot = null;
        await redis.Database.KeyDeleteAsync(CacheKey);
    }

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken ct)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < LocalTtl)
        {
            return current;
        }

        await _loading.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && clock.GetUtcNow() - current.LoadedAt < LocalTtl)
            {
                return current;
            }

            var document = await LoadAsync(ct);
            if (document is null)
            {
                return current ?? throw new InvalidOperationException("The menu cannot be loaded: Postgres is unavailable.");
            }

            _snapshot = current = new Snapshot(new Menu(document.Pizzas, document.Extras), document, clock.GetUtcNow());
            return current;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<MenuDocument?> LoadAsync(CancellationToken ct)
    {
        try
        {
            var cached = await redis.Database.StringGetAsync(CacheKey);
            if (cached.HasValue)
            {
                return JsonSerializer.Deserialize((byte[])cached!, KitchenJson.Api.MenuDocument);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or JsonException)
        {
            LogCacheUnavailable(e.Message);
        }

        MenuDocument document;
        try
        {
            document = await LoadFromDatabaseAsync(ct);
        }
        catch (NpgsqlException e)
        {
            LogOriginUnavailable(e.Message);
            return null;
        }

        try
        {
            await redis.Database.StringSetAsync(CacheKey, JsonSerializer.SerializeToUtf8Bytes(document, KitchenJson.Api.MenuDocument), RedisTtl);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogCacheUnavailable(e.Message);
        }

        return document;
    }

    private async Task<MenuDocument> LoadFromDatabaseAsync(CancellationToken ct)
    {
        var pizzas = new List<Pizza>();
        await using (var cmd = db.CreateCommand("select id, name, price, make_minutes, station, ingredients::text from menu_pizzas where available order by name"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var ingredients = JsonSerializer.Deserialize(reader.GetString(5), KitchenJson.Api.ListIngredient) ?? [];
                pizzas.Add(new Pizza(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt32(3), reader.GetString(4), ingredients));
            }
        }

        var extras = new List<Extra>();
        await using (var cmd = db.CreateCommand("select id, name, price from menu_extras where available order by name"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                extras.Add(new Extra(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2)));
            }
        }

        return new MenuDocument(options.Value.Currency, pizzas, extras);
    }

    /// <inheritdoc />
    public void Dispose() => _loading.Dispose();

    private sealed record Snapshot(Menu Menu, MenuDocument Document, DateTimeOffset LoadedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Menu cache unavailable, using the database: {Reason}")]
    private partial void LogCacheUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Menu origin unavailable, serving the last known menu: {Reason}")]
    private partial void LogOriginUnavailable(string reason);
}
