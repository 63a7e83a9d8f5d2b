using Rush.Testing;

namespace Rush.Ticketing.Tests.Events;

/// <summary>A handful of known events (relative to now) inserted into a host's database, for exact API answers.</summary>
internal sealed class CatalogueFixture
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public long SplinAlmaty { get; private set; }

    public long Hamlet { get; private set; }

    public long HockeyWithConcert { get; private set; }

    public long KinoArchived { get; private set; }

    public long TributeEnglish { get; private set; }

    public long ZemfiraLastMonth { get; private set; }

    public List<long> Standups { get; } = [];

    public static DateTimeOffset At(int days) => new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(days).AddHours(14);

    public static async Task<CatalogueFixture> InsertAsync(RushTestHost host)
    {
        var f = new CatalogueFixture
        {
            SplinAlmaty = await InsertAsync(host, "Сплин: концерт в Алматы", "Большой сольный вечер.", "concert", "Ticketon", At(10)),
            Hamlet = await InsertAsync(host, "Hamlet: theatre performance", "A theatre performance of Hamlet by the city troupe.", "theatre", "Kassir.kz", At(20)),
            HockeyWithConcert = await InsertAsync(host, "Барыс — Авангард", "Хоккейный матч; в перерыве концерт группы.", "sport", "Ticketon", At(30)),
            KinoArchived = await InsertAsync(host, "Кино: концерт в Астане", "Трибьют-концерт.", "concert", "Ticketon", At(-125)),
            TributeEnglish = await InsertAsync(host, "Imagine Dragons Tribute live in Astana", "The concerts of the year.", "concert", "Afisha", At(40)),
            ZemfiraLastMonth = await InsertAsync(host, "Земфира: концерт в Москве", "Сольный концерт.", "concert", "Sxodim", At(-30)),
        };
        for (var i = 0; i < 25; i++)
        {
            f.Standups.Add(await InsertAsync(host, $"Стендап: вечер {i}", "Stand-up comedy show.", "standup", "Billetter", At(50).AddHours(i)));
        }

        return f;
    }

    private static async Task<long> InsertAsync(RushTestHost host, string title, string description, string type, string provider, DateTimeOffset date)
    {
        await using var cmd = host.Database.CreateCommand("""
            insert into events_archive (title, description, type, provider, venue, city, event_date)
            values ($1, $2, $3, $4, 'Almaty Arena', 'Алматы', $5) returning id
            """);
        cmd.Parameters.AddWithValue(title);
        cmd.Parameters.AddWithValue(description);
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(provider);
        cmd.Parameters.AddWithValue(date);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
