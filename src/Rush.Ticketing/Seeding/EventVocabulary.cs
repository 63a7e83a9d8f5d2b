namespace Rush.Ticketing.Seeding;

/// <summary>The words generated events are made of: types, providers, cities with venues, performers, descriptions.</summary>
internal static class EventVocabulary
{
    /// <summary>A city with its name in the locative ("в Алматы") for Russian titles, and its venues.</summary>
    internal sealed record City(string Name, string In, string[] Venues);

    public static readonly string[] Providers = ["Ticketon", "Kassir.kz", "Afisha", "Billetter", "Sxodim"];

    public static readonly City[] Cities =
    [
        new("Алматы", "в Алматы", ["Almaty Arena", "Дворец Республики", "ГАТОБ им. Абая", "Центральный стадион", "Halyk Arena"]),
        new("Астана", "в Астане", ["Астана Арена", "Барыс Арена", "Астана Опера", "Конгресс-холл", "Дворец мира и согласия"]),
        new("Шымкент", "в Шымкенте", ["Шымкент Арена", "Драмтеатр им. Жолдасбекова"]),
        new("Караганда", "в Караганде", ["Дворец спорта", "Театр им. Станиславского"]),
        new("Актобе", "в Актобе", ["Актобе Арена"]),
        new("Бишкек", "в Бишкеке", ["Филармония им. Сатылганова", "Спортивный комплекс Кожомкул"]),
        new("Москва", "в Москве", ["Крокус Сити Холл", "ВТБ Арена", "МХТ им. Чехова", "Лужники"]),
    ];

    public static readonly string[] Artists =
    [
        "Dimash Qudaibergen", "Ninety One", "Скриптонит", "Кино (трибьют)", "Сплин", "Би-2", "Земфира", "Jah Khalib",
        "Imagine Dragons Tribute", "Queen Symphonic", "Hans Zimmer Orchestra", "Казахский государственный оркестр",
        "Moldanazar", "Irina Kairatovna", "The Limba", "Мумий Тролль", "Coldplay Tribute", "Jazz Quartet Almaty",
    ];

    public static readonly string[] Plays =
    [
        "Гамлет", "Чайка", "Ревизор", "Мастер и Маргарита", "Вишнёвый сад", "Абай", "Кыз Жибек", "Горе от ума",
        "Romeo and Juliet", "The Phantom of the Opera", "Cats", "Hamlet", "The Nutcracker", "Swan Lake",
    ];

    public static readonly string[] Matches =
    [
        "Барыс — Авангард", "Кайрат — Астана", "Тобол — Ордабасы", "Kazakhstan vs Georgia", "UFC Fight Night",
        "Boxing Night: Golovkin Legacy", "Astana Marathon", "Кубок Казахстана по баскетболу", "Almaty Open tennis",
    ];

    public static readonly string[] Comedians =
    [
        "Нурлан Сабуров", "Stand Up Club Almaty", "Comedy Battle", "Open Mic Night", "Женский стендап", "Stand-up in English",
    ];

    public static readonly string[] Exhibitions =
    [
        "Импрессионисты: свет и цвет", "Van Gogh Alive", "Космос: от Байконура до Марса", "Modern Art Fair",
        "Динозавры: живая выставка", "Великая степь: золото саков", "World Press Photo", "Leonardo da Vinci: Inventions",
    ];

    public static readonly string[] Festivals =
    [
        "Astana Jazz", "Summer Beats", "Фестиваль уличной еды", "Kazakh Folk Fest", "Ethno Fest Burabay", "Film Nights",
    ];

    public static readonly string[] RussianPhrases =
    [
        "Незабываемый вечер живой музыки и света.", "Лучшие места ещё доступны.", "Программа для всей семьи.",
        "Специальные гости и премьеры сезона.", "Продолжительность около двух часов с антрактом.",
        "Вход с 18:00, начало в 19:00.", "Билеты электронные, вход по QR-коду.", "Звук и свет мирового уровня.",
    ];

    public static readonly string[] EnglishPhrases =
    [
        "An unforgettable evening of live music and light.", "Best seats are still available.", "A programme for the whole family.",
        "Special guests and the season's premieres.", "About two hours with an intermission.",
        "Doors open at 18:00, show starts at 19:00.", "E-tickets only, entry by QR code.", "World-class sound and lighting.",
    ];
}
