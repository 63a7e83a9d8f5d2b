namespace Rush.Ticketing.Seeding;

/// <summary>Makes realistic catalogue entries: Russian and English titles and descriptions, types, providers, venues, evening dates.</summary>
/// <remarks>Not thread-safe; each worker uses its own generator seeded for its month, so a run is reproducible.</remarks>
public sealed class EventGenerator(int seed)
{
    /// <summary>The event types of the catalogue (the values of the <c>type</c> filter).</summary>
    public static readonly IReadOnlyList<string> Types = ["concert", "theatre", "sport", "standup", "exhibition", "festival"];

    private static readonly TimeSpan Astana = TimeSpan.FromHours(5);
    private readonly Random _random = new(seed);

    /// <summary>An event on a random evening within the month starting at <paramref name="month"/>.</summary>
    public GeneratedEvent Next(DateOnly month)
    {
        var type = Types[_random.Next(Types.Count)];
        var city = Pick(EventVocabulary.Cities);
        var day = month.AddDays(_random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(17, 0)), Astana).AddMinutes(30 * _random.Next(7));
        var (title, lead) = Title(type, city);
        var russian = _random.Next(3) != 0;
        var description = $"{lead} {Phrase(russian)} {Phrase(russian)} {Phrase(!russian)}";
        return new GeneratedEvent(title, description, type, Pick(EventVocabulary.Providers), Pick(city.Venues), city.Name, start.ToUniversalTime());
    }

    private (string Title, string Lead) Title(string type, EventVocabulary.City city)
    {
        var russian = _random.Next(2) == 0;
        switch (type)
        {
            case "concert":
                var artist = Pick(EventVocabulary.Artists);
                return russian ? ($"{artist}: концерт {city.In}", $"Сольный концерт: {artist}.") : ($"{artist} live in {city.Name}", $"Concert: {artist} on tour.");
            case "theatre":
                var play = Pick(EventVocabulary.Plays);
                return russian ? ($"Спектакль «{play}»", $"Театральная постановка «{play}» {city.In}.") : ($"{play}: theatre performance", $"A theatre performance of {play}.");
            case "sport":
                var match = Pick(EventVocabulary.Matches);
                return (match, russian ? $"Матч {city.In}: {match}." : $"Match day in {city.Name}: {match}.");
            case "standup":
                var comedian = Pick(EventVocabulary.Comedians);
                return ($"Стендап: {comedian}", russian ? $"Стендап-шоу {city.In}." : $"Stand-up comedy show in {city.Name}.");
            case "exhibition":
                var exhibition = Pick(EventVocabulary.Exhibitions);
                return ($"Выставка «{exhibition}»", russian ? $"Выставка {city.In}." : $"Exhibition {exhibition} in {city.Name}.");
            default:
                var festival = Pick(EventVocabulary.Festivals);
                return ($"Фестиваль {festival}", russian ? $"Фестиваль под открытым небом {city.In}." : $"Festival {festival}: open air in {city.Name}.");
        }
    }

    private string Phrase(bool russian) => Pick(russian ? EventVocabulary.RussianPhrases : EventVocabulary.EnglishPhrases);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
