using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Caching;

namespace Rush.Kitchen.Menu;

/// <summary>The menu for pricing and for <c>GET /api/v1/menu</c>: Postgres behind the platform cache.</summary>
/// <remarks>
/// Intake prices every order, so the menu must not cost a round trip per order: the platform cache
/// (<see cref="CacheAside"/>, FusionCache) keeps it in memory for 5 s and in Redis (<c>cache:v2:menu:v1</c>) for 60 s (seed 004), loads it from
/// Postgres once across all instances when it expires, and keeps serving the last menu it had for a
/// day if Postgres or Redis fails rather than refusing orders. The lookup index and the JSON of the
/// REST answer are built once per loaded menu, not per request.
/// </remarks>
public sealed class MenuCatalog(NpgsqlDataSource db, CacheAside cache, IOptions<KitchenOptions> options)
{
    /// <summary>Cache key of the menu document (Redis key <c>cache:v2:menu:v1</c>).</summary>
    public const string CacheKey = "menu:v1";

    /// <summary>How the menu is cached: fresh 60 s (seed 004), 5 s in each instance's memory, a day of fail-safe.</summary>
    public static readonly CacheEntryOptions CacheEntry = new("menu", TimeSpan.FromSeconds(60))
    {
        LocalDuration = TimeSpan.FromSeconds(5),
        FailSafeWindow = TimeSpan.FromDays(1),
    };

    private volatile Snapshot? _snapshot;

    /// <summary>The current menu.</summary>
    public async Task<Menu> GetAsync(CancellationToken ct) => (await GetSnapshotAsync(ct)).Menu;

    /// <summary>The current menu as its public document.</summary>
    public async Task<MenuDocument> GetDocumentAsync(CancellationToken ct) => (await GetSnapshotAsync(ct)).Document;

    /// <summary>The current menu's public document as UTF-8 JSON (what <c>GET /api/v1/menu</c> writes).</summary>
    public async Task<ReadOnlyMemory<byte>> GetDocumentJsonAsync(CancellationToken ct) => (await GetSnapshotAsync(ct)).Json;

    /// <summary>Call after a menu change: every instance drops its copy (the old one stays only as a fail-safe fallback).</summary>
    public async Task InvalidateAsync(CancellationToken ct) => await cache.InvalidateAsync(CacheKey, ct);

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken ct)
    {
        var document = await cache.GetOrLoadAsync(CacheKey, LoadFromDatabaseAsync, CacheEntry, ct);

        // The cache hands out the same instance until it loads a new one, so this is a reference check.
        var current = _snapshot;
        if (current is not null && ReferenceEquals(current.Document, document))
        {
            return current;
        }

        current = new Snapshot(new Menu(document.Pizzas, document.Extras), document, JsonSerializer.SerializeToUtf8Bytes(document, KitchenJson.Api.MenuDocument));
        _snapshot = current;
        return current;
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

    private sealed record Snapshot(Menu Menu, MenuDocument Document, ReadOnlyMemory<byte> Json);
}
